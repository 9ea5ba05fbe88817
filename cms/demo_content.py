"""The words of the demo municipality's pages, per language.

Fjordvik is a made-up municipality. The texts describe real services of
Norwegian housing offices (startlån, bostøtte, tilskudd) in plain words, but
amounts and deadlines are left out on purpose: those belong in the guides,
with a source and a review-by date.
"""

from .demo_ar import AR_HOME

MUNICIPALITY = "Fjordvik kommune"

HOME = {
    "nb": {
        "title": "Bolig i Fjordvik",
        "intro": "Her finner du veiledere, skjemaer og hjelp fra boligkontoret, "
        "enten du leier kommunal bolig, vil leie privat eller drømmer om å eie.",
        "cards_heading": "Hva trenger du hjelp til?",
    },
    "nn": {
        "title": "Bustad i Fjordvik",
        "intro": "Her finn du rettleiarar, skjema og hjelp frå bustadkontoret, "
        "anten du leiger kommunal bustad, vil leige privat eller draumer om å eige.",
        "cards_heading": "Kva treng du hjelp til?",
    },
    "sv": {
        "title": "Boende i Fjordvik",
        "intro": "Här hittar du guider, formulär och hjälp från bostadskontoret, "
        "oavsett om du hyr en kommunal bostad, vill hyra privat eller vill äga.",
        "cards_heading": "Vad behöver du hjälp med?",
    },
    "en": {
        "title": "Housing in Fjordvik",
        "intro": "Guides, forms and help from the housing office, whether you rent "
        "a municipal flat, want to rent privately or hope to buy your own home.",
        "cards_heading": "What do you need help with?",
    },
    "ar": AR_HOME,
}

ABOUT = {
    "nb": {
        "title": "Boligkontoret",
        "intro": "Boligkontoret hjelper deg som trenger et sted å bo, "
        "eller hjelp til å beholde boligen du har.",
        "body": (
            "<h2>Dette kan vi hjelpe deg med</h2>"
            "<ul><li>Kommunal utleiebolig, som oftest for tre år om gangen.</li>"
            "<li>Startlån til deg som ikke får stort nok lån i banken.</li>"
            "<li>Tilskudd til etablering, for deg med varig lav inntekt.</li>"
            "<li>Bostøtte fra Husbanken, hvis du har lav inntekt og høye boutgifter.</li>"
            "<li>Råd om å leie privat: depositum og depositumsgaranti.</li></ul>"
            "<h2>Når du har fått kommunal bolig</h2>"
            "<p>Sammen med vedtaket får du en lenke til veilederen for boplan. "
            "Den viser veien videre, og du kan fylle ut din egen plan. "
            "Ta den med til neste møte med boligkontoret.</p>"
            "<h2>Ta med til møtet</h2>"
            "<ul><li>Skattemelding for de to siste årene.</li>"
            "<li>Lønnsslipper eller utbetalinger fra NAV for de siste månedene.</li>"
            "<li>Arbeidskontrakt, hvis du har en.</li>"
            "<li>Oversikt over gjeld.</li></ul>"
        ),
    },
    "nn": {
        "title": "Bustadkontoret",
        "intro": "Bustadkontoret hjelper deg som treng ein stad å bu, "
        "eller hjelp til å halde på bustaden du har.",
        "body": (
            "<h2>Dette kan vi hjelpe deg med</h2>"
            "<ul><li>Kommunal utleigebustad, som oftast for tre år om gongen.</li>"
            "<li>Startlån til deg som ikkje får stort nok lån i banken.</li>"
            "<li>Tilskot til etablering, for deg med varig låg inntekt.</li>"
            "<li>Bustøtte frå Husbanken, om du har låg inntekt og høge buutgifter.</li></ul>"
            "<h2>Ta med til møtet</h2>"
            "<ul><li>Skattemelding for dei to siste åra.</li>"
            "<li>Lønsslippar eller utbetalingar frå NAV.</li>"
            "<li>Oversikt over gjeld.</li></ul>"
        ),
    },
    "sv": {
        "title": "Bostadskontoret",
        "intro": "Bostadskontoret hjälper dig som behöver någonstans att bo, "
        "eller hjälp att behålla den bostad du har.",
        "body": (
            "<h2>Det här kan vi hjälpa dig med</h2>"
            "<ul><li>Kommunal hyresbostad, oftast i tre år i taget.</li>"
            "<li>Startlån om banken inte lånar ut tillräckligt.</li>"
            "<li>Bidrag för att etablera dig, om du har varaktigt låg inkomst.</li>"
            "<li>Bostadsstöd om du har låg inkomst och höga boendekostnader.</li></ul>"
            "<h2>Ta med till mötet</h2>"
            "<ul><li>Deklaration för de två senaste åren.</li>"
            "<li>Lönebesked eller utbetalningar från NAV.</li>"
            "<li>En översikt över dina skulder.</li></ul>"
        ),
    },
    "en": {
        "title": "The housing office",
        "intro": "The housing office helps you if you need somewhere to live, "
        "or help to keep the home you have.",
        "body": (
            "<h2>What we can help you with</h2>"
            "<ul><li>A municipal rental flat, usually for three years at a time.</li>"
            "<li>A start loan if your bank will not lend you enough.</li>"
            "<li>A settlement grant if your income is permanently low.</li>"
            "<li>Housing allowance from Husbanken if your income is low and your "
            "housing costs are high.</li>"
            "<li>Advice on renting privately: deposits and deposit guarantees.</li></ul>"
            "<h2>When you have been given a municipal flat</h2>"
            "<p>With the decision letter you get a link to the housing-plan guide. "
            "It shows the way ahead, and you can fill in your own plan. "
            "Bring it to your next meeting with the housing office.</p>"
            "<h2>Bring to the meeting</h2>"
            "<ul><li>Your tax returns for the last two years.</li>"
            "<li>Recent pay slips or payments from NAV.</li>"
            "<li>Your employment contract, if you have one.</li>"
            "<li>A list of your debts.</li></ul>"
        ),
    },
}

PRIVACY = {
    "nb": {
        "title": "Personvern",
        "intro": "Slik behandler Fjordvik kommune opplysninger om deg på dette nettstedet.",
        "body": (
            "<h2>Ingen sporing</h2>"
            "<p>Vi bruker ikke informasjonskapsler (cookies) for å følge med på deg, "
            "og sidene henter ingenting fra andre nettsteder. Derfor ser du ikke "
            "noe samtykkebanner.</p>"
            "<h2>Lenker i brev</h2>"
            "<p>Når du åpner en lenke fra et brev, teller vi én åpning per dag og lenke. "
            "Vi lagrer ikke hvem du er, IP-adressen din eller noe annet om deg.</p>"
            "<h2>Din boplan</h2>"
            "<p>Planen du fyller ut i en veileder, lagres bare i nettleseren din. "
            "Vi får den bare hvis du selv velger å sende den til saksbehandleren.</p>"
            "<h2>Skjemaer og undersøkelser</h2>"
            "<p>Svar du sender i et skjema, lagres hos kommunen og brukes bare til "
            "formålet som står i skjemaet. Ta kontakt med personvernombudet hvis du "
            "vil se, rette eller slette opplysninger om deg.</p>"
        ),
    },
    "sv": {
        "title": "Personuppgifter",
        "intro": "Så behandlar Fjordvik kommune uppgifter om dig på den här webbplatsen.",
        "body": (
            "<h2>Ingen spårning</h2>"
            "<p>Vi använder inga kakor för att följa dig, och sidorna hämtar inget "
            "från andra webbplatser.</p>"
            "<h2>Din boendeplan</h2>"
            "<p>Planen du fyller i sparas bara i din webbläsare.</p>"
        ),
    },
    "en": {
        "title": "Privacy",
        "intro": "How Fjordvik municipality handles information about you on this site.",
        "body": (
            "<h2>No tracking</h2>"
            "<p>We use no cookies to follow you, and the pages load nothing from "
            "other sites, so you see no consent banner.</p>"
            "<h2>Links in letters</h2>"
            "<p>When you open a link from a letter, we count one opening per day and "
            "link. We do not store who you are, your IP address or anything else "
            "about you.</p>"
            "<h2>Your housing plan</h2>"
            "<p>The plan you fill in stays in your browser. We only receive it if "
            "you choose to send it to your caseworker.</p>"
        ),
    },
}

ACCESSIBILITY = {
    "nb": {
        "title": "Tilgjengelighetserklæring",
        "intro": "<p>Fjordvik kommune skal ha et nettsted som alle kan bruke. "
        "Denne erklæringen gjelder bolig.fjordvik.no og er en demo; den offisielle "
        "erklæringen for norske offentlige nettsteder publiseres hos uustatus.no.</p>",
        "issue_title": "PDF-versjoner av eldre brosjyrer",
        "issue_text": "Noen eldre brosjyrer finnes bare som skannede PDF-filer som "
        "skjermlesere ikke kan lese. Ring oss, så leser vi dem opp eller sender teksten.",
        "enforcement": "<p>Er du ikke fornøyd med svaret, kan du klage til "
        "Tilsynet for universell utforming av ikt (Digdir).</p>",
    },
    "sv": {
        "title": "Tillgänglighetsredogörelse",
        "intro": "<p>Fjordvik kommune vill att alla ska kunna använda webbplatsen. "
        "Den här redogörelsen är en demo.</p>",
        "issue_title": "Äldre broschyrer som PDF",
        "issue_text": "Några äldre broschyrer finns bara som skannade PDF-filer. "
        "Ring oss så läser vi upp dem eller skickar texten.",
        "enforcement": "<p>Är du inte nöjd med svaret kan du anmäla det till "
        "Myndigheten för digital förvaltning (DIGG).</p>",
    },
    "en": {
        "title": "Accessibility statement",
        "intro": "<p>Fjordvik municipality wants everyone to be able to use this "
        "site. This statement is a demo.</p>",
        "issue_title": "Older brochures as PDF",
        "issue_text": "Some older brochures exist only as scanned PDF files that "
        "screen readers cannot read. Call us and we will read them out or send the text.",
        "enforcement": "<p>If you are not satisfied with our answer, you can complain "
        "to the Authority for Universal Design of ICT (Digdir).</p>",
    },
}

# The organisation-unit tree: later issues hang surveys, inventories and roles on it.
UNITS = {
    "code": "fjordvik",
    "name": MUNICIPALITY,
    "kind": "municipality",
    "children": [
        {
            "code": "fjordvik-nord",
            "name": "Bydel Nord",
            "kind": "district",
            "children": [
                {"code": "nattherberget-nord", "name": "Nattherberget Nord", "kind": "provider"},
                {"code": "nav-nord", "name": "NAV Nord", "kind": "service"},
            ],
        },
        {
            "code": "fjordvik-sentrum",
            "name": "Bydel Sentrum",
            "kind": "district",
            "children": [
                {"code": "sentrum-hospits", "name": "Sentrum hospits", "kind": "provider"},
                {"code": "boligkontoret", "name": "Boligkontoret", "kind": "service"},
            ],
        },
        {
            "code": "fjordvik-sor",
            "name": "Bydel Sør",
            "kind": "district",
            "children": [
                {"code": "familiehuset-sor", "name": "Familiehuset Sør", "kind": "provider"},
            ],
        },
        {
            "code": "fjordvik-eldre",
            "name": "Helse og omsorg",
            "kind": "sector",
            "children": [
                {"code": "hjemmetjenesten", "name": "Hjemmetjenesten", "kind": "service"},
            ],
        },
    ],
}
