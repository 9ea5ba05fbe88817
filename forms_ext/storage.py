"""Private file storage: files that must never be reachable by a public address."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local storage with no URL: its files go out only through a permission-checked view."""

    def url(self, name):
        raise NotImplementedError(
            "Files in private storage have no public address; serve them through a view "
            "that checks permissions."
        )
