from celery import shared_task

from .services import survey_remind_and_expire


@shared_task(name="surveys.remind_and_expire")
def remind_and_expire() -> tuple[int, int]:
    return survey_remind_and_expire()
