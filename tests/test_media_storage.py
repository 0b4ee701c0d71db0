"""Where uploaded files are kept: MEDIA_ROOT on this machine by default, an S3-compatible bucket with
MEDIA_BUCKET; and a store set up by half refuses to start, rather than losing the first paper."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import OBJECT_STORE_KEYS, settings_file_under

NO_STORE = dict.fromkeys(["MEDIA_BUCKET", "MEDIA_ENDPOINT_URL", "MEDIA_REGION", *OBJECT_STORE_KEYS], "")


def media_storage(**env: str) -> dict:
    return settings_file_under(**{**NO_STORE, **env})["STORAGES"]["default"]


def test_files_are_kept_on_this_machines_disk_by_default():
    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_in_another_store_keeps_every_file_private_and_never_overwritten():
    storage = media_storage(
        MEDIA_BUCKET="charter-papers", MEDIA_ENDPOINT_URL="https://s3.example.org", **OBJECT_STORE_KEYS
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "charter-papers"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    # The keys are read by boto3 from the environment, never written into the settings.
    assert OBJECT_STORE_KEYS["AWS_SECRET_ACCESS_KEY"] not in repr(storage)


def test_a_bucket_on_amazon_needs_only_its_region_as_the_machine_can_lend_its_keys():
    options = media_storage(MEDIA_BUCKET="charter-papers", MEDIA_REGION="eu-west-2")["OPTIONS"]
    assert (options["region_name"], options["endpoint_url"], options["addressing_style"]) == ("eu-west-2", None, None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_ENDPOINT_URL": "https://s3.example.org", **OBJECT_STORE_KEYS}, "Set MEDIA_BUCKET"),
        ({"MEDIA_REGION": "eu-west-2"}, "Set MEDIA_BUCKET"),
        ({"MEDIA_BUCKET": "charter-papers"}, "set MEDIA_REGION (Amazon S3) or MEDIA_ENDPOINT_URL"),
        ({"MEDIA_BUCKET": "charter-papers", "MEDIA_ENDPOINT_URL": "s3.example.org"}, "Set MEDIA_ENDPOINT_URL to"),
        (
            {"MEDIA_BUCKET": "charter-papers", "MEDIA_REGION": "eu-west-2", "AWS_ACCESS_KEY_ID": "AKIA1"},
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ),
        (
            {"MEDIA_BUCKET": "charter-papers", "MEDIA_ENDPOINT_URL": "https://s3.example.org"},
            "With MEDIA_ENDPOINT_URL, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ),
    ],
)
def test_a_store_set_up_by_half_refuses_to_start(env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        media_storage(**env)
