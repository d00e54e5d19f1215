"""The walk-in queue (issue 17): joining, the list, calling, leaving, back in the queue, done
and the visit it becomes, the waiting-room screen, the desk's summary, closing the day."""

import re
import threading
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from support import desk_now, log_in, visit_form

import jobatelier.desk.views as desk_views
import jobatelier.queue.views as queue_views
from jobatelier.extensions import db
from jobatelier.models import AuditEntry, QueueTicket, Visit, Visitor
from jobatelier.queue.services import close_earlier_days

MORNING = datetime.combine(desk_now().date(), time(9))


class Clock:
    """The desk's wall clock, frozen, and moved on by the test."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def later(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(MORNING)
    monkeypatch.setattr(queue_views, "local_now", frozen)
    monkeypatch.setattr(desk_views, "local_now", frozen)
    return frozen


def tickets():
    db.session.rollback()
    db.session.expire_all()
    return list(db.session.scalars(select(QueueTicket).order_by(QueueTicket.number)))


def join(client, code="", help_types=()):
    return client.post("/queue", data={"visitor_code": code, "help_types": list(help_types),
                                       "csrf_token": ""})


def new_code(client, clock) -> str:
    """A visitor with a card, made at the desk (just before the desk's frozen now)."""
    arrived = (clock.now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    client.post("/visits/new", data=visit_form(new_visitor="y", arrived_at=arrived))
    return db.session.scalar(select(Visitor.code).order_by(Visitor.id.desc()))


def page(client, url="/queue") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_joining_gives_the_next_number_of_the_day_and_shows_it_large(as_volunteer, clock):
    response = join(as_volunteer, help_types=["online_applying"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/queue")
    shown = page(as_volunteer)
    assert 'class="flash flash-ticket"' in shown and "1</p>" in shown
    join(as_volunteer)
    assert [ticket.number for ticket in tickets()] == [1, 2]
    assert [code.code for code in tickets()[0].help_types] == ["online_applying"]
    assert tickets()[0].joined_at == MORNING


def test_the_list_shows_code_or_no_card_help_and_minutes_waiting(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code.upper().replace("-", " "), ["cv"])  # typed as on the card
    join(as_volunteer)
    clock.later(minutes=12)
    shown = page(as_volunteer)
    rows = shown.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert code.upper() in rows[0] and "CV opmaken of aanpassen" in rows[0]
    assert "geen kaart" in rows[1]
    assert all("12 min" in row for row in rows)


def test_a_mistyped_code_is_refused_as_on_the_new_visit_form(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    wrong = code[:-1] + ("a" if code[-1] != "a" else "b")
    response = join(as_volunteer, wrong, ["no_such_help"])
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert "data-error-summary" in shown and 'href="#visitor_code"' in shown
    assert 'href="#help_types-0"' in shown  # every mistake at once
    assert f'value="{wrong}"' in shown  # what was typed comes back
    assert tickets() == []


def test_a_visitor_already_waiting_does_not_get_a_second_ticket(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code)
    response = join(as_volunteer, code)
    assert response.status_code == 400 and "data-error-summary" in response.get_data(
        as_text=True)
    assert len(tickets()) == 1


def test_calling_shows_who_helps_whom_since_when(as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    clock.later(minutes=7)
    assert as_volunteer.post(f"/queue/{ticket.id}/call").status_code == 302
    called = tickets()[0]
    assert (called.status, called.called_at) == ("called", MORNING + timedelta(minutes=7))
    shown = page(as_volunteer)
    assert "vera" in shown and "09:07" in shown


def test_two_volunteers_calling_the_same_ticket_one_gets_it_the_other_is_told(
        app, client, make_user, lier, clock):
    make_user("vera", "volunteer", [lier])
    make_user("wim", "volunteer", [lier])
    log_in(client, "vera")
    join(client)
    ticket_id = tickets()[0].id
    other = app.test_client()
    log_in(other, "wim")
    db.session.rollback()
    answers, start = {}, threading.Barrier(2)

    def press(name, browser):
        with app.app_context():
            start.wait()
            browser.post(f"/queue/{ticket_id}/call")
            answers[name] = browser.get("/queue").get_data(as_text=True)

    threads = [threading.Thread(target=press, args=pair)
               for pair in (("vera", client), ("wim", other))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    told = [name for name, shown in answers.items() if "al opgeroepen" in shown]
    assert len(told) == 1
    winner = tickets()[0].called_by.username
    assert told == [{"vera": "wim", "wim": "vera"}[winner]]


def test_two_pcs_at_one_desk_see_the_same_queue_and_never_share_a_number(
        app, client, make_user, lier, clock):
    make_user("vera", "volunteer", [lier])
    make_user("wim", "volunteer", [lier])
    log_in(client, "vera")
    other = app.test_client()
    log_in(other, "wim")
    db.session.rollback()
    start = threading.Barrier(2)

    def press(browser):
        with app.app_context():
            start.wait()
            for _ in range(3):
                join(browser)

    threads = [threading.Thread(target=press, args=(each,)) for each in (client, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [ticket.number for ticket in tickets()] == [1, 2, 3, 4, 5, 6]
    mine, theirs = page(client), page(other)
    assert mine.split("<main")[1].count("<th scope=\"row\">") == 6
    assert mine.split('id="waiting-title"')[1] == theirs.split('id="waiting-title"')[1]


def test_left_without_help_keeps_no_code(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code, ["digital"])
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/left")
    left = tickets()[0]
    assert (left.status, left.visitor_id) == ("left", None)
    assert [each.code for each in left.help_types] == ["digital"]  # the unmet demand
    assert "Niemand wacht." in page(as_volunteer)


def test_back_in_the_queue_keeps_the_place_by_arrival(as_volunteer, clock):
    join(as_volunteer)
    join(as_volunteer)
    first = tickets()[0]
    as_volunteer.post(f"/queue/{first.id}/call")
    as_volunteer.post(f"/queue/{first.id}/requeue")
    again = tickets()[0]
    assert (again.status, again.called_at, again.called_by_id) == ("waiting", None, None)
    shown = page(as_volunteer)
    assert f"/queue/{first.id}/call" in shown.split("<table")[0]  # "call next" is them again


def test_done_opens_the_visit_form_prefilled_and_saving_links_the_visit(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code, ["cv", "interview"])
    ticket = tickets()[0]
    clock.later(minutes=25)
    as_volunteer.post(f"/queue/{ticket.id}/call")
    clock.later(minutes=40)
    response = as_volunteer.get(f"/queue/{ticket.id}/done")
    assert response.headers["Location"].endswith(f"/visits/new?ticket={ticket.id}")
    form = page(as_volunteer, response.headers["Location"])
    assert code.upper() in form and MORNING.strftime("%d-%m-%Y 09:00") in form
    assert 'value="40"' in form
    ticked = re.findall(r'<input checked id="help_types-\d+" name="help_types" '
                        r'type="checkbox" value="(\w+)"', form)
    assert ticked == ["cv", "interview"]
    saved = as_volunteer.post(f"/visits/new?ticket={ticket.id}", data=visit_form(
        visitor_code=code, help_types=["cv", "interview"],
        arrived_at=MORNING.strftime("%Y-%m-%dT%H:%M"), duration_minutes="40"))
    assert saved.status_code == 302
    visit = db.session.scalar(select(Visit).where(Visit.waited_minutes.is_not(None)))
    assert (visit.waited_minutes, visit.arrived_at) == (25, MORNING)
    served = tickets()[0]
    assert (served.status, served.visit_id, served.visitor_id) == ("served", visit.id, None)


def test_cancelling_the_visit_form_leaves_the_ticket_being_helped(as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/call")
    as_volunteer.get(f"/visits/new?ticket={ticket.id}")
    assert tickets()[0].status == "called"
    assert f"/queue/{ticket.id}/done" in page(as_volunteer)


def test_a_visit_for_a_ticket_finished_elsewhere_is_refused_and_nothing_saved(
        as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/call")
    # Arrived when the frozen desk clock says, not the real one: after 9:05 the real time
    # would be in the frozen clock's future, and the form would be refused for that instead.
    form = visit_form(arrived_at=MORNING.strftime("%Y-%m-%dT%H:%M"))
    assert as_volunteer.post(f"/visits/new?ticket={ticket.id}", data=form).status_code == 302
    visits = db.session.scalar(select(func.count()).select_from(Visit))
    again = as_volunteer.post(f"/visits/new?ticket={ticket.id}", data=form)
    assert again.status_code == 302 and again.headers["Location"].endswith("/queue")
    assert db.session.scalar(select(func.count()).select_from(Visit)) == visits


def test_a_ticket_of_another_location_is_not_found(client, auth, make_user, lier, heist,
                                                   clock):
    auth.login(make_user("hanne", "volunteer", [heist]))
    join(client)
    ticket = tickets()[0]
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    for action in ("call", "left", "requeue"):
        assert client.post(f"/queue/{ticket.id}/{action}").status_code == 404
    assert client.get(f"/queue/{ticket.id}/done").status_code == 404
    assert client.get(f"/visits/new?ticket={ticket.id}").status_code == 404
    assert tickets()[0].status == "waiting"


def test_the_screen_shows_ticket_numbers_only_and_refreshes_with_the_apps_own_script(
        as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code, ["talk"])
    join(as_volunteer)
    as_volunteer.post(f"/queue/{tickets()[0].id}/call")
    shown = page(as_volunteer, "/queue/screen")
    assert code.upper() not in shown and code not in shown
    assert "Een warm gesprek" not in shown and "gesprek" not in shown.split("<main")[1]
    scripts = re.findall(r"<script[^>]*>", shown)
    assert scripts == ['<script src="/static/screen.js" defer>']  # nothing from elsewhere
    assert 'data-refresh-seconds="15"' in shown
    assert "<li>1</li>" in shown and "<li>2</li>" in shown


def test_the_screen_says_the_usual_wait_only_from_enough_of_today(as_volunteer, clock):
    for minutes in (5, 10, 10, 15, 30):
        join(as_volunteer)
        clock.later(minutes=minutes)
        as_volunteer.post(f"/queue/{tickets()[-1].id}/call")
        assert "Meestal" not in page(as_volunteer, "/queue/screen") or minutes == 30
    assert "Meestal 10-15 min" in page(as_volunteer, "/queue/screen")


def test_the_desk_shows_the_queue_and_the_days_figures(as_volunteer, clock):
    for _ in range(3):
        join(as_volunteer)
    first, second, third = tickets()
    clock.later(minutes=10)
    as_volunteer.post(f"/queue/{first.id}/call")
    as_volunteer.post(f"/visits/new?ticket={first.id}", data=visit_form(
        arrived_at=MORNING.strftime("%Y-%m-%dT%H:%M")))
    as_volunteer.post(f"/queue/{second.id}/left")
    clock.later(minutes=5)
    shown = page(as_volunteer, "/desk")
    summary = shown.split('class="queue-summary"')[1].split("</section>")[0]
    numbers = [part.split("</dd>")[0] for part in summary.split("<dd>")[1:]]
    assert numbers == ["1", "15 min", "1", "10 min", "1"]


def test_the_first_queue_action_of_a_new_day_closes_yesterday(as_volunteer, clock):
    code = new_code(as_volunteer, clock)
    join(as_volunteer, code)
    join(as_volunteer)
    as_volunteer.post(f"/queue/{tickets()[1].id}/call")
    clock.later(days=1)
    page(as_volunteer)
    assert [(t.status, t.visitor_id) for t in tickets()] == [("closed", None), ("closed", None)]
    join(as_volunteer, code)  # a new day: number 1 again, and the visitor may queue again
    today = [t for t in tickets() if t.day == clock.now.date()]
    assert [t.number for t in today] == [1]
    assert db.session.scalar(select(AuditEntry.detail).where(
        AuditEntry.action == "queue_closed")) == {"tickets": 2}


def test_close_queues_from_the_command_line(runner, as_volunteer, clock):
    clock.later(days=-1)  # yesterday's queue; the command runs on today's real clock
    join(as_volunteer, new_code(as_volunteer, clock))
    result = runner.invoke(args=["close-queues"])
    assert "Closed 1 tickets" in result.output
    assert [(t.status, t.visitor_id) for t in tickets()] == [("closed", None)]
    assert close_earlier_days(clock.now.date() + timedelta(days=1)) == 0


def test_a_closed_ticket_holds_no_code_the_database_refuses_it(as_volunteer, clock):
    join(as_volunteer, new_code(as_volunteer, clock))
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/left")
    ticket = tickets()[0]
    ticket.visitor_id = db.session.scalar(select(Visitor.id))
    with pytest.raises(Exception, match="(?i)check|constraint"):
        db.session.commit()
    db.session.rollback()


def test_every_queue_change_is_in_the_audit_log(as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/call")
    as_volunteer.post(f"/queue/{ticket.id}/requeue")
    as_volunteer.post(f"/queue/{ticket.id}/left")
    actions = list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "queue").order_by(AuditEntry.id)))
    assert actions == ["queue_joined", "queue_called", "queue_requeued", "queue_left"]


def test_the_audit_log_page_names_the_ticket_by_its_number(client, auth, admin, make_user,
                                                           lier, clock):
    auth.login(make_user("vera", "volunteer", [lier]))
    join(client)
    auth.logout()
    auth.login(admin)
    shown = page(client, "/admin/audit")
    assert "In de wachtrij gekomen" in shown and "Wachtnummer 1</td>" in shown


def test_a_handed_over_location_takes_nobody_in_its_queue(as_volunteer, lier, clock):
    lier.handed_over_on = MORNING.date()
    lier.handed_over_to = "VDAB"
    db.session.commit()
    response = join(as_volunteer)
    assert response.status_code == 400 and tickets() == []


def test_a_button_pressed_on_an_old_list_says_what_became_of_the_ticket(as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/left")  # on another PC, say
    as_volunteer.post(f"/queue/{ticket.id}/call")
    assert "Wachtnummer 1 staat niet meer in de wachtrij." in page(as_volunteer)
    assert tickets()[0].status == "left"


def test_deleting_a_visit_from_the_queue_keeps_its_ticket_served(as_volunteer, clock):
    join(as_volunteer)
    ticket = tickets()[0]
    as_volunteer.post(f"/queue/{ticket.id}/call")
    as_volunteer.post(f"/visits/new?ticket={ticket.id}", data=visit_form(
        arrived_at=MORNING.strftime("%Y-%m-%dT%H:%M")))
    visit = db.session.scalar(select(Visit))
    response = as_volunteer.post(f"/visits/{visit.id}/delete", data={"version": visit.version})
    assert response.status_code == 302
    assert [(t.status, t.visit_id) for t in tickets()] == [("served", None)]


def test_a_visit_from_the_queue_saved_after_the_timeout_still_closes_its_ticket(
        client, auth, volunteer, clock):
    auth.login(volunteer)
    join(client)
    ticket = tickets()[0]
    client.post(f"/queue/{ticket.id}/call")
    typed = visit_form(arrived_at=MORNING.strftime("%Y-%m-%dT%H:%M"), ticket=ticket.id)
    with client.session_transaction() as cookie:  # idle for 16 minutes: logged out
        cookie["seen"] = cookie.get("seen", 0) - 16 * 60
    assert client.post(f"/visits/new?ticket={ticket.id}", data=typed).headers[
        "Location"] == "/login"
    auth.login(volunteer)
    restored = page(client, "/visits/new")  # the form comes back, the ticket with it
    assert re.search(rf'name="ticket" type="hidden" value="{ticket.id}"', restored)
    assert client.post("/visits/new", data=typed).status_code == 302
    served = tickets()[0]
    assert served.status == "served" and served.visit_id is not None


def test_the_waiting_room_screen_does_not_keep_the_desk_logged_in(as_volunteer, clock):
    """The screen reloads by itself every few seconds: that is not someone at the desk, so
    the idle timeout still ends the session (the screen then shows the login page)."""
    quiet_since = datetime.now().timestamp() - 10 * 60
    with as_volunteer.session_transaction() as cookie:
        cookie["seen"] = quiet_since
    assert as_volunteer.get("/queue/screen").status_code == 200
    with as_volunteer.session_transaction() as cookie:
        assert cookie["seen"] == quiet_since
    as_volunteer.get("/queue")  # someone at the desk
    with as_volunteer.session_transaction() as cookie:
        assert cookie["seen"] > quiet_since


def test_a_handed_over_desks_queue_is_read_only(as_volunteer, clock, lier):
    join(as_volunteer)
    ticket = tickets()[0]
    lier.handed_over_on = clock.now.date()
    db.session.commit()
    for action in ("call", "left"):
        as_volunteer.post(f"/queue/{ticket.id}/{action}")
        assert tickets()[0].status == "waiting", action
