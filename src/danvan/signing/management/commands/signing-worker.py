"""danvan signing-worker: the former batch-signing worker, kept as a name for existing service
files. Batches are background jobs now (danvan.jobs); this is ``danvan jobs-worker``."""

from django.core.management import load_command_class

JobsWorker = type(load_command_class("danvan.jobs", "jobs-worker"))


class Command(JobsWorker):
    help = "Như danvan jobs-worker: ký số theo lô là một công việc nền."
