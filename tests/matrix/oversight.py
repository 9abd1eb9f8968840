"""Oversight (issue 11): Front officers read and write in their units; mass-mobilization
officers read; everyone else is refused. The demo records are Phường Hoàn Kiếm's
(oversight/demo.py); the public pages and the published dialogue results are open to all."""

import datetime as dt

from django.utils import timezone

from tests.matrix import PUBLIC, Entry

READERS = {"front.hanoi", "front.hoankiem", "mobilizer.hanoi", "mobilizer.hoankiem", "admin"}
WRITERS = {"front.hanoi", "front.hoankiem", "admin"}
SUP, REC, CRIT, COMMENT = "{ov_sup}", "{ov_rec}", "{ov_crit}", "{ov_comment}"
DIAL, BOARD, DISC = "{ov_dialogue}", "{ov_board}", "{ov_disclosure}"
COMMITMENT = "{ov_commitment}"
MEMBER, QUESTION = "{ov_member}", "{ov_question}"
IMPORT_JOB = "{ov_import_job}"
TODAY = timezone.localdate()
HK_SUPERVISION = "Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường"


def _sup():
    from danvan.oversight.models import Supervision

    return str(Supervision.objects.get(title=HK_SUPERVISION).pk)


def _rec():
    from danvan.oversight.models import Recommendation

    return str(Recommendation.objects.filter(supervision__title=HK_SUPERVISION).first().pk)


def _crit():
    from danvan.oversight.models import CriticismSession

    return str(CriticismSession.objects.filter(unit__code="00070").first().pk)


def _comment():
    from danvan.oversight.models import CriticismComment

    return str(CriticismComment.objects.filter(session__unit__code="00070").first().pk)


def _dialogue():
    from danvan.oversight.models import Dialogue

    return str(Dialogue.objects.filter(unit__code="00070").first().pk)


def _commitment():
    from danvan.oversight.models import DialogueCommitment

    return str(DialogueCommitment.objects.filter(dialogue__unit__code="00070").first().pk)


def _board():
    from danvan.oversight.models import Board

    return str(Board.objects.filter(unit__code="00070").first().pk)


def _member():
    from danvan.oversight.models import BoardMember

    return str(BoardMember.objects.filter(board__unit__code="00070").first().pk)


def _question():
    from danvan.oversight.models import DialogueQuestion

    return str(DialogueQuestion.objects.filter(dialogue__unit__code="00070").first().pk)


def _import_job():
    from danvan.jobs.models import Job

    return str(Job.objects.get(kind="oversight.import", owner__username="front.hoankiem").public_id)


def _disclosure():
    from danvan.oversight.models import Disclosure

    return str(Disclosure.objects.filter(unit__code="00070").first().pk)


def _comment_session():
    from danvan.oversight.models import CriticismComment

    return str(CriticismComment.objects.get(pk=_comment()).session_id)


def _question_dialogue():
    from danvan.oversight.models import DialogueQuestion

    return str(DialogueQuestion.objects.get(pk=_question()).dialogue_id)


def _commitment_dialogue():
    from danvan.oversight.models import DialogueCommitment

    return str(DialogueCommitment.objects.get(pk=_commitment()).dialogue_id)


COMMENT_CRIT, QUESTION_DIAL = "{ov_comment_crit}", "{ov_question_dialogue}"
COMMITMENT_DIAL = "{ov_commitment_dialogue}"

RESOLVE = {
    COMMENT_CRIT: _comment_session, QUESTION_DIAL: _question_dialogue,
    COMMITMENT_DIAL: _commitment_dialogue,
    SUP: _sup, REC: _rec, CRIT: _crit, COMMENT: _comment, DIAL: _dialogue, BOARD: _board,
    DISC: _disclosure, COMMITMENT: _commitment, MEMBER: _member, QUESTION: _question,
    IMPORT_JOB: _import_job,
}  # fmt: skip
STALE = {"action": "follow_up", "expected_version": "0"}  # writers: 409 → back to the page
API_STALE = {"action": "answer", "expected_version": 0, "answer": "Đã trả lời đầy đủ."}

ENTRIES = [
    Entry("GET", "giam-sat/", allow=READERS),
    Entry("POST", "giam-sat/nhac-han/", allow=WRITERS),
    Entry("GET", "giam-sat/giam-sat/", allow=READERS),
    Entry("GET", "giam-sat/giam-sat/moi/", allow=WRITERS),
    Entry("GET", "giam-sat/giam-sat/<int:pk>/", allow=READERS, params={"pk": SUP}),
    Entry("POST", "giam-sat/giam-sat/<int:pk>/chuyen/", allow=WRITERS, params={"pk": SUP}, body=STALE),
    Entry("POST", "giam-sat/giam-sat/<int:pk>/kien-nghi/", allow=WRITERS, params={"pk": SUP}),
    Entry("GET", "giam-sat/giam-sat/<int:pk>/bao-cao.<str:kind>", allow=READERS,
          params={"pk": SUP, "kind": "pdf"}),
    # PAdES signing by the Front official (an empty form: writers are sent back with the PIN
    # message) and the signed copies the demo keeps for the Một cửa supervision.
    Entry("POST", "giam-sat/giam-sat/<int:pk>/bao-cao/ky-so/", allow=WRITERS, params={"pk": SUP}, body={}),
    Entry("GET", "giam-sat/giam-sat/<int:pk>/bao-cao-da-ky.pdf", allow=READERS, params={"pk": SUP}),
    Entry("POST", "giam-sat/kien-nghi/<int:pk>/van-ban/ky-so/", allow=WRITERS, params={"pk": REC}, body={}),
    Entry("GET", "giam-sat/kien-nghi/<int:pk>/van-ban-da-ky.pdf", allow=READERS, params={"pk": REC}),
    Entry("GET", "giam-sat/kien-nghi/", allow=READERS),
    Entry("GET", "giam-sat/kien-nghi/<int:pk>/", allow=READERS, params={"pk": REC}),
    Entry("POST", "giam-sat/kien-nghi/<int:pk>/chuyen/", allow=WRITERS, params={"pk": REC},
          body={"action": "resolve", "expected_version": "0"}),
    Entry("GET", "giam-sat/kien-nghi/<int:pk>/van-ban.<str:kind>", allow=READERS,
          params={"pk": REC, "kind": "docx"}),
    Entry("GET", "giam-sat/phan-bien/", allow=READERS),
    Entry("GET", "giam-sat/phan-bien/<int:pk>/", allow=READERS, params={"pk": CRIT}),
    Entry("POST", "giam-sat/phan-bien/y-kien/<int:pk>/", allow=WRITERS, params={"pk": COMMENT}),
    Entry("GET", "giam-sat/doi-thoai/", allow=READERS),
    Entry("GET", "giam-sat/doi-thoai/<int:pk>/", allow=READERS, params={"pk": DIAL}),
    Entry("POST", "giam-sat/doi-thoai/<int:pk>/cong-khai/", allow=WRITERS, params={"pk": DIAL}),
    Entry("POST", "giam-sat/doi-thoai/cam-ket/<int:pk>/", allow=WRITERS, params={"pk": COMMITMENT}),
    Entry("GET", "giam-sat/ban/", allow=READERS),
    Entry("GET", "giam-sat/ban/<int:pk>/", allow=READERS, params={"pk": BOARD}),
    # The board, member and question forms: writers get the form (GET) or its Vietnamese
    # validation messages for an empty POST (422); readers 403, others 403/404.
    Entry("GET", "giam-sat/ban/moi/", allow=WRITERS),
    Entry("POST", "giam-sat/ban/moi/", allow=WRITERS, ok=(422,), body={}),
    Entry("GET", "giam-sat/ban/<int:pk>/sua/", allow=WRITERS, params={"pk": BOARD}),
    Entry("POST", "giam-sat/ban/<int:pk>/sua/", allow=WRITERS, ok=(422,), params={"pk": BOARD}, body={}),
    Entry("GET", "giam-sat/ban/<int:pk>/thanh-vien/", allow=WRITERS, params={"pk": BOARD}),
    Entry("POST", "giam-sat/ban/<int:pk>/thanh-vien/", allow=WRITERS, ok=(422,), params={"pk": BOARD},
          body={}),
    Entry("GET", "giam-sat/ban/thanh-vien/<int:pk>/", allow=WRITERS, params={"pk": MEMBER}),
    Entry("POST", "giam-sat/ban/thanh-vien/<int:pk>/", allow=WRITERS, ok=(422,), params={"pk": MEMBER},
          body={}),
    Entry("GET", "giam-sat/doi-thoai/<int:pk>/y-kien/", allow=WRITERS, params={"pk": DIAL}),
    Entry("POST", "giam-sat/doi-thoai/<int:pk>/y-kien/", allow=WRITERS, ok=(422,), params={"pk": DIAL},
          body={}),
    Entry("GET", "giam-sat/doi-thoai/<int:pk>/cam-ket/moi/", allow=WRITERS, params={"pk": DIAL}),
    Entry("POST", "giam-sat/doi-thoai/<int:pk>/cam-ket/moi/", allow=WRITERS, ok=(422,),
          params={"pk": DIAL}, body={}),
    Entry("GET", "giam-sat/doi-thoai/y-kien/<int:pk>/", allow=WRITERS, params={"pk": QUESTION}),
    Entry("POST", "giam-sat/doi-thoai/y-kien/<int:pk>/", allow=WRITERS, ok=(422,),
          params={"pk": QUESTION}, body={}),
    Entry("GET", "giam-sat/cong-khai/", allow=READERS, query="don_vi=00070"),
    Entry("POST", "giam-sat/cong-khai/lap-danh-muc/", allow=WRITERS, query="don_vi=00070"),
    Entry("POST", "giam-sat/cong-khai/<int:pk>/", allow=WRITERS, params={"pk": DISC}),
    Entry("GET", "giam-sat/nhap/", allow=WRITERS),
    Entry("POST", "giam-sat/nhap/", allow=WRITERS, ok=(422,), body={}),  # no file: the message
    Entry("GET", "giam-sat/nhap/mau.xlsx", allow=READERS),
    # The demo import job (a file with errors): its owner and the administrator see it.
    Entry("GET", "giam-sat/nhap/<uuid:public_id>/", allow={"front.hoankiem", "admin"},
          params={"public_id": IMPORT_JOB}),
    Entry("GET", "giam-sat/cong-dan/doi-thoai/", allow=PUBLIC),
    Entry("GET", "giam-sat/cong-dan/cong-khai/<str:code>/", allow=PUBLIC, params={"code": "00070"}),
    # API
    Entry("GET", "/api/v1/oversight/supervisions", allow=READERS),
    # An organizer that does not exist: writers get the 422 of the service, others 403.
    Entry("POST", "/api/v1/oversight/supervisions", allow=WRITERS, ok=(422,), body={
        "unit": "00070", "organizer_id": 999999999, "form": "team", "subject_kind": "body",
        "subject": "Ủy ban nhân dân phường", "title": "Giám sát kiểm tra ma trận quyền",
        "planned_on": TODAY.isoformat()}),  # fmt: skip
    Entry("GET", "/api/v1/oversight/supervisions/{sup_id}", allow=READERS, params={"sup_id": SUP}),
    Entry("POST", "/api/v1/oversight/supervisions/{sup_id}/transitions", allow=WRITERS, ok=(409,),
          params={"sup_id": SUP}, body={"action": "follow_up", "expected_version": 0}),
    Entry("POST", "/api/v1/oversight/supervisions/{sup_id}/recommendations", allow=WRITERS,
          params={"sup_id": SUP}, body={
              "addressee": "Ủy ban nhân dân phường Hoàn Kiếm", "content": "Kiến nghị kiểm tra ma trận quyền.",
              "sent_on": TODAY.isoformat(), "due_on": (TODAY + dt.timedelta(days=30)).isoformat()}),  # fmt: skip
    Entry("GET", "/api/v1/oversight/recommendations", allow=READERS),
    Entry("GET", "/api/v1/oversight/recommendations/{rec_id}", allow=READERS, params={"rec_id": REC}),
    Entry("POST", "/api/v1/oversight/recommendations/{rec_id}/transitions", allow=WRITERS, ok=(409,),
          params={"rec_id": REC}, body=API_STALE),
    Entry("GET", "/api/v1/oversight/criticisms", allow=READERS),
    Entry("GET", "/api/v1/oversight/criticisms/{crit_id}", allow=READERS, params={"crit_id": CRIT}),
    Entry("GET", "/api/v1/oversight/dialogues", allow=READERS),
    Entry("GET", "/api/v1/oversight/dialogues/{dialogue_id}", allow=READERS, params={"dialogue_id": DIAL}),
    Entry("GET", "/api/v1/oversight/boards", allow=READERS),
    Entry("GET", "/api/v1/oversight/disclosures", allow=READERS),
    Entry("POST", "/api/v1/oversight/disclosures/{disclosure_id}/record", allow=WRITERS,
          params={"disclosure_id": DISC}, body={"disclosed_on": TODAY.isoformat(), "form": "website"}),
    # The registers' writes (Front officers of the unit only). Where a valid body would pile
    # up demo records, it breaks a rule the service checks after the scope (dates out of
    # order, a second inspection board): writers get that 422, readers 403, others 404.
    Entry("POST", "/api/v1/oversight/criticisms", allow=WRITERS, ok=(422,), body={
        "unit": "00070", "draft_title": "Dự thảo kiểm tra ma trận quyền", "drafting_body": "UBND phường",
        "form": "written", "held_on": "2026-01-10", "received_on": "2026-01-05",
        "comments_due_on": "2026-01-01"}),
    Entry("POST", "/api/v1/oversight/criticisms/{crit_id}/comments", allow=WRITERS,
          params={"crit_id": CRIT}, body={"author": "Ma trận quyền", "content": "Ý kiến kiểm tra ma trận."}),
    Entry("POST", "/api/v1/oversight/criticisms/{crit_id}/comments/{comment_id}/response",
          allow=WRITERS, ok=(422,), params={"crit_id": COMMENT_CRIT, "comment_id": COMMENT},
          body={"response": "not_taken"}),  # no reason given: criticism.reason_required
    Entry("POST", "/api/v1/oversight/dialogues", allow=WRITERS, ok=(422,), body={
        "unit": "00070", "title": "Đối thoại kiểm tra ma trận quyền", "chair": "Chủ tịch UBND phường",
        "held_on": "2026-01-10", "place": "Hội trường", "notice_published_on": "2026-01-20"}),
    Entry("POST", "/api/v1/oversight/dialogues/{dialogue_id}/questions", allow=WRITERS, ok=(422,),
          params={"dialogue_id": DIAL}, body={"asked_by": "Ma trận quyền", "topic": "Câu hỏi kiểm tra",
                                              "answer": "Trả lời mà không ghi người trả lời"}),
    Entry("POST", "/api/v1/oversight/dialogues/{dialogue_id}/questions/{question_id}/answer",
          allow=WRITERS, params={"dialogue_id": QUESTION_DIAL, "question_id": QUESTION},
          body={"answer": "Trả lời kiểm tra ma trận quyền.", "answered_by": "Chủ tịch UBND phường"}),
    Entry("POST", "/api/v1/oversight/dialogues/{dialogue_id}/commitments", allow=WRITERS, ok=(422,),
          params={"dialogue_id": DIAL},
          body={"content": "Cam kết kiểm tra", "owner": "UBND phường", "due_on": "2000-01-01"}),
    Entry("POST", "/api/v1/oversight/dialogues/{dialogue_id}/commitments/{commitment_id}/progress",
          allow=WRITERS, ok=(422,), params={"dialogue_id": COMMITMENT_DIAL, "commitment_id": COMMITMENT},
          body={"progress": ""}),  # dialogue.progress_required
    Entry("GET", "/api/v1/oversight/boards/{board_id}", allow=READERS, params={"board_id": BOARD}),
    Entry("POST", "/api/v1/oversight/boards", allow=WRITERS, ok=(422,), body={
        "unit": "00070", "kind": "inspection", "name": "Ban Thanh tra nhân dân thứ hai",
        "term_start": "2026-01-01"}),  # board.inspection_exists
    Entry("POST", "/api/v1/oversight/boards/{board_id}/members", allow=WRITERS, ok=(422,),
          params={"board_id": BOARD},
          body={"full_name": "Ma Trận Quyền", "term_start": "2000-01-01"}),  # before the board
    Entry("POST", "/api/v1/oversight/disclosures/checklist", allow=WRITERS,
          body={"unit": "00070", "year": TODAY.year}),
    Entry("GET", "/api/v1/public/dialogues", allow=PUBLIC),
]  # fmt: skip
