"""changes to closed years: triggers count, per year, every change that may touch the
figures of a year that is over, so that each worker knows when the yearly figures it keeps of
closed years are out of date (issue 18)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa

# The triggers as they stand in this revision, spelled out as the SQL that ran rather than
# made by jobatelier/models/figure_changes.py: a later change there must not change what
# this did. A later revision that changes the rules drops these and makes its own.
TRIGGERS = {
    "sqlite": [
    'CREATE TRIGGER figures_changed_visits_insert AFTER INSERT ON visits FOR EACH ROW WHEN '
    "min(coalesce(NEW.arrived_at, '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 "
    "days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(NEW.arrived_at, '0000-01-01'), '9999-12-31'), 1, 4) AS "
    'INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visits_delete AFTER DELETE ON visits FOR EACH ROW WHEN '
    "min(coalesce(OLD.arrived_at, '9999-12-31'), '9999-12-31') < strftime('%Y', 'now', '+2 "
    "days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(OLD.arrived_at, '9999-12-31'), '9999-12-31'), 1, 4) AS "
    'INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visits_update AFTER UPDATE ON visits FOR EACH ROW WHEN '
    "min(coalesce(OLD.arrived_at, '0000-01-01'), coalesce(NEW.arrived_at, '0000-01-01'), "
    "'9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO "
    'figure_changes (year, changes) VALUES (CAST(substr(min(coalesce(OLD.arrived_at, '
    "'0000-01-01'), coalesce(NEW.arrived_at, '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_outcomes_insert AFTER INSERT ON outcomes FOR EACH ROW WHEN '
    "min(coalesce(date(NEW.recorded_on, '-183 days'), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(date(NEW.recorded_on, '-183 days'), "
    "'0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_outcomes_delete AFTER DELETE ON outcomes FOR EACH ROW WHEN '
    "min(coalesce(date(OLD.recorded_on, '-183 days'), '9999-12-31'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(date(OLD.recorded_on, '-183 days'), "
    "'9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_outcomes_update AFTER UPDATE ON outcomes FOR EACH ROW WHEN '
    "min(coalesce(date(OLD.recorded_on, '-183 days'), '0000-01-01'), "
    "coalesce(date(NEW.recorded_on, '-183 days'), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(date(OLD.recorded_on, '-183 days'), "
    "'0000-01-01'), coalesce(date(NEW.recorded_on, '-183 days'), '0000-01-01'), '9999-12-31'), "
    '1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_help_tallies_insert AFTER INSERT ON help_tallies FOR EACH '
    "ROW WHEN min(coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), "
    "'9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + "
    '1; END',
    'CREATE TRIGGER figures_changed_help_tallies_delete AFTER DELETE ON help_tallies FOR EACH '
    "ROW WHEN min(coalesce(printf('%04d-01-01', OLD.year), '9999-12-31'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(printf('%04d-01-01', OLD.year), '9999-12-31'), "
    "'9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + "
    '1; END',
    'CREATE TRIGGER figures_changed_help_tallies_update AFTER UPDATE ON help_tallies FOR EACH '
    "ROW WHEN min(coalesce(printf('%04d-01-01', OLD.year), '0000-01-01'), "
    "coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31') < strftime('%Y', "
    "'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(printf('%04d-01-01', OLD.year), '0000-01-01'), "
    "coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visitor_years_insert AFTER INSERT ON visitor_years FOR '
    "EACH ROW WHEN min(coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), "
    "'9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + "
    '1; END',
    'CREATE TRIGGER figures_changed_visitor_years_delete AFTER DELETE ON visitor_years FOR '
    "EACH ROW WHEN min(coalesce(printf('%04d-01-01', OLD.year), '9999-12-31'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    "changes) VALUES (CAST(substr(min(coalesce(printf('%04d-01-01', OLD.year), '9999-12-31'), "
    "'9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + "
    '1; END',
    'CREATE TRIGGER figures_changed_visitor_years_update AFTER UPDATE ON visitor_years FOR '
    "EACH ROW WHEN min(coalesce(printf('%04d-01-01', OLD.year), '0000-01-01'), "
    "coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31') < strftime('%Y', "
    "'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(printf('%04d-01-01', OLD.year), '0000-01-01'), "
    "coalesce(printf('%04d-01-01', NEW.year), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visitors_insert AFTER INSERT ON visitors FOR EACH ROW WHEN '
    "min(coalesce(NEW.registered_on, '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 "
    "days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(NEW.registered_on, '0000-01-01'), '9999-12-31'), 1, 4) AS "
    'INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visitors_delete AFTER DELETE ON visitors FOR EACH ROW WHEN '
    "'0000-01-01' < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO "
    "figure_changes (year, changes) VALUES (CAST(substr('0000-01-01', 1, 4) AS INTEGER), 1) ON "
    'CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_visitors_update AFTER UPDATE ON visitors FOR EACH ROW WHEN '
    "'0000-01-01' < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO "
    "figure_changes (year, changes) VALUES (CAST(substr('0000-01-01', 1, 4) AS INTEGER), 1) ON "
    'CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_groups_insert AFTER INSERT ON groups FOR EACH ROW WHEN '
    'min(coalesce(min(coalesce(NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE '
    'group_id = NEW.id), (SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id)), '
    'coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = NEW.id), '
    'NEW.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id)), '
    'coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id), '
    'NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = NEW.id))), '
    "'0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT "
    'INTO figure_changes (year, changes) VALUES '
    '(CAST(substr(min(coalesce(min(coalesce(NEW.starts_on, (SELECT min(starts_at) FROM '
    'group_sessions WHERE group_id = NEW.id), (SELECT min(joined_on) FROM group_members WHERE '
    'group_id = NEW.id)), coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'NEW.id), NEW.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = '
    'NEW.id)), coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id), '
    'NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = NEW.id))), '
    "'0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_groups_delete AFTER DELETE ON groups FOR EACH ROW WHEN '
    'min(coalesce(min(coalesce(OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE '
    'group_id = OLD.id), (SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id)), '
    'coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id)), '
    'coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id))), '
    "'9999-12-31'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT "
    'INTO figure_changes (year, changes) VALUES '
    '(CAST(substr(min(coalesce(min(coalesce(OLD.starts_on, (SELECT min(starts_at) FROM '
    'group_sessions WHERE group_id = OLD.id), (SELECT min(joined_on) FROM group_members WHERE '
    'group_id = OLD.id)), coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'OLD.id), OLD.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = '
    'OLD.id)), coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id))), '
    "'9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_groups_update AFTER UPDATE ON groups FOR EACH ROW WHEN '
    'min(coalesce(min(coalesce(OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE '
    'group_id = OLD.id), (SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id)), '
    'coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id)), '
    'coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id))), '
    "'0000-01-01'), coalesce(min(coalesce(NEW.starts_on, (SELECT min(starts_at) FROM "
    'group_sessions WHERE group_id = NEW.id), (SELECT min(joined_on) FROM group_members WHERE '
    'group_id = NEW.id)), coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'NEW.id), NEW.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = '
    'NEW.id)), coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id), '
    'NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = NEW.id))), '
    "'0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT "
    'INTO figure_changes (year, changes) VALUES '
    '(CAST(substr(min(coalesce(min(coalesce(OLD.starts_on, (SELECT min(starts_at) FROM '
    'group_sessions WHERE group_id = OLD.id), (SELECT min(joined_on) FROM group_members WHERE '
    'group_id = OLD.id)), coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'OLD.id), OLD.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = '
    'OLD.id)), coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id), '
    'OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id))), '
    "'0000-01-01'), coalesce(min(coalesce(NEW.starts_on, (SELECT min(starts_at) FROM "
    'group_sessions WHERE group_id = NEW.id), (SELECT min(joined_on) FROM group_members WHERE '
    'group_id = NEW.id)), coalesce((SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'NEW.id), NEW.starts_on, (SELECT min(joined_on) FROM group_members WHERE group_id = '
    'NEW.id)), coalesce((SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id), '
    'NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = NEW.id))), '
    "'0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_sessions_insert AFTER INSERT ON group_sessions FOR '
    "EACH ROW WHEN min(coalesce(NEW.starts_at, '0000-01-01'), '9999-12-31') < strftime('%Y', "
    "'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(NEW.starts_at, '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_sessions_delete AFTER DELETE ON group_sessions FOR '
    "EACH ROW WHEN min(coalesce(OLD.starts_at, '9999-12-31'), '9999-12-31') < strftime('%Y', "
    "'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(OLD.starts_at, '9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_sessions_update AFTER UPDATE ON group_sessions FOR '
    "EACH ROW WHEN min(coalesce(OLD.starts_at, '0000-01-01'), coalesce(NEW.starts_at, "
    "'0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT "
    'INTO figure_changes (year, changes) VALUES (CAST(substr(min(coalesce(OLD.starts_at, '
    "'0000-01-01'), coalesce(NEW.starts_at, '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_attendance_insert AFTER INSERT ON group_attendance '
    'FOR EACH ROW WHEN min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "NEW.session_id), '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || "
    "'-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    '(CAST(substr(min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "NEW.session_id), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) "
    'DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_attendance_delete AFTER DELETE ON group_attendance '
    'FOR EACH ROW WHEN min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "OLD.session_id), '9999-12-31'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || "
    "'-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    '(CAST(substr(min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "OLD.session_id), '9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) "
    'DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_attendance_update AFTER UPDATE ON group_attendance '
    'FOR EACH ROW WHEN min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "OLD.session_id), '0000-01-01'), coalesce((SELECT starts_at FROM group_sessions WHERE id = "
    "NEW.session_id), '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || "
    "'-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    '(CAST(substr(min(coalesce((SELECT starts_at FROM group_sessions WHERE id = '
    "OLD.session_id), '0000-01-01'), coalesce((SELECT starts_at FROM group_sessions WHERE id = "
    "NEW.session_id), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) "
    'DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_members_insert AFTER INSERT ON group_members FOR '
    'EACH ROW WHEN min(coalesce(min(coalesce(NEW.joined_on, NEW.left_on, (SELECT starts_on '
    'FROM groups WHERE id = NEW.group_id)), coalesce(NEW.left_on, NEW.joined_on, (SELECT '
    'starts_on FROM groups WHERE id = NEW.group_id)), coalesce((SELECT starts_on FROM groups '
    "WHERE id = NEW.group_id), NEW.joined_on, NEW.left_on)), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    'changes) VALUES (CAST(substr(min(coalesce(min(coalesce(NEW.joined_on, NEW.left_on, '
    '(SELECT starts_on FROM groups WHERE id = NEW.group_id)), coalesce(NEW.left_on, '
    'NEW.joined_on, (SELECT starts_on FROM groups WHERE id = NEW.group_id)), coalesce((SELECT '
    'starts_on FROM groups WHERE id = NEW.group_id), NEW.joined_on, NEW.left_on)), '
    "'0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_members_delete AFTER DELETE ON group_members FOR '
    'EACH ROW WHEN min(coalesce(min(coalesce(OLD.joined_on, OLD.left_on, (SELECT starts_on '
    'FROM groups WHERE id = OLD.group_id)), coalesce(OLD.left_on, OLD.joined_on, (SELECT '
    'starts_on FROM groups WHERE id = OLD.group_id)), coalesce((SELECT starts_on FROM groups '
    "WHERE id = OLD.group_id), OLD.joined_on, OLD.left_on)), '9999-12-31'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    'changes) VALUES (CAST(substr(min(coalesce(min(coalesce(OLD.joined_on, OLD.left_on, '
    '(SELECT starts_on FROM groups WHERE id = OLD.group_id)), coalesce(OLD.left_on, '
    'OLD.joined_on, (SELECT starts_on FROM groups WHERE id = OLD.group_id)), coalesce((SELECT '
    'starts_on FROM groups WHERE id = OLD.group_id), OLD.joined_on, OLD.left_on)), '
    "'9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_group_members_update AFTER UPDATE ON group_members FOR '
    'EACH ROW WHEN min(coalesce(min(coalesce(OLD.joined_on, OLD.left_on, (SELECT starts_on '
    'FROM groups WHERE id = OLD.group_id)), coalesce(OLD.left_on, OLD.joined_on, (SELECT '
    'starts_on FROM groups WHERE id = OLD.group_id)), coalesce((SELECT starts_on FROM groups '
    "WHERE id = OLD.group_id), OLD.joined_on, OLD.left_on)), '0000-01-01'), "
    'coalesce(min(coalesce(NEW.joined_on, NEW.left_on, (SELECT starts_on FROM groups WHERE id '
    '= NEW.group_id)), coalesce(NEW.left_on, NEW.joined_on, (SELECT starts_on FROM groups '
    'WHERE id = NEW.group_id)), coalesce((SELECT starts_on FROM groups WHERE id = '
    "NEW.group_id), NEW.joined_on, NEW.left_on)), '0000-01-01'), '9999-12-31') < "
    "strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO figure_changes (year, "
    'changes) VALUES (CAST(substr(min(coalesce(min(coalesce(OLD.joined_on, OLD.left_on, '
    '(SELECT starts_on FROM groups WHERE id = OLD.group_id)), coalesce(OLD.left_on, '
    'OLD.joined_on, (SELECT starts_on FROM groups WHERE id = OLD.group_id)), coalesce((SELECT '
    'starts_on FROM groups WHERE id = OLD.group_id), OLD.joined_on, OLD.left_on)), '
    "'0000-01-01'), coalesce(min(coalesce(NEW.joined_on, NEW.left_on, (SELECT starts_on FROM "
    'groups WHERE id = NEW.group_id)), coalesce(NEW.left_on, NEW.joined_on, (SELECT starts_on '
    'FROM groups WHERE id = NEW.group_id)), coalesce((SELECT starts_on FROM groups WHERE id = '
    "NEW.group_id), NEW.joined_on, NEW.left_on)), '0000-01-01'), '9999-12-31'), 1, 4) AS "
    'INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectories_insert AFTER INSERT ON trajectories FOR EACH '
    'ROW WHEN min(coalesce(min(coalesce(NEW.starts_on, NEW.ended_on, (SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = NEW.id)), coalesce(NEW.ended_on, NEW.starts_on, '
    '(SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = NEW.id)), '
    'coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = NEW.id), '
    "NEW.starts_on, NEW.ended_on)), '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 "
    "days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    '(CAST(substr(min(coalesce(min(coalesce(NEW.starts_on, NEW.ended_on, (SELECT min(met_on) '
    'FROM trajectory_meetings WHERE trajectory_id = NEW.id)), coalesce(NEW.ended_on, '
    'NEW.starts_on, (SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    'NEW.id)), coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    "NEW.id), NEW.starts_on, NEW.ended_on)), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectories_delete AFTER DELETE ON trajectories FOR EACH '
    'ROW WHEN min(coalesce(min(coalesce(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = OLD.id)), coalesce(OLD.ended_on, OLD.starts_on, '
    '(SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = OLD.id)), '
    'coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = OLD.id), '
    "OLD.starts_on, OLD.ended_on)), '9999-12-31'), '9999-12-31') < strftime('%Y', 'now', '+2 "
    "days') || '-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    '(CAST(substr(min(coalesce(min(coalesce(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) '
    'FROM trajectory_meetings WHERE trajectory_id = OLD.id)), coalesce(OLD.ended_on, '
    'OLD.starts_on, (SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    'OLD.id)), coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    "OLD.id), OLD.starts_on, OLD.ended_on)), '9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), "
    '1) ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectories_update AFTER UPDATE ON trajectories FOR EACH '
    'ROW WHEN min(coalesce(min(coalesce(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = OLD.id)), coalesce(OLD.ended_on, OLD.starts_on, '
    '(SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = OLD.id)), '
    'coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = OLD.id), '
    "OLD.starts_on, OLD.ended_on)), '0000-01-01'), coalesce(min(coalesce(NEW.starts_on, "
    'NEW.ended_on, (SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    'NEW.id)), coalesce(NEW.ended_on, NEW.starts_on, (SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = NEW.id)), coalesce((SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = NEW.id), NEW.starts_on, NEW.ended_on)), '
    "'0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT "
    'INTO figure_changes (year, changes) VALUES '
    '(CAST(substr(min(coalesce(min(coalesce(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) '
    'FROM trajectory_meetings WHERE trajectory_id = OLD.id)), coalesce(OLD.ended_on, '
    'OLD.starts_on, (SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    'OLD.id)), coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = '
    "OLD.id), OLD.starts_on, OLD.ended_on)), '0000-01-01'), "
    'coalesce(min(coalesce(NEW.starts_on, NEW.ended_on, (SELECT min(met_on) FROM '
    'trajectory_meetings WHERE trajectory_id = NEW.id)), coalesce(NEW.ended_on, NEW.starts_on, '
    '(SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = NEW.id)), '
    'coalesce((SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = NEW.id), '
    "NEW.starts_on, NEW.ended_on)), '0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON "
    'CONFLICT (year) DO UPDATE SET changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectory_meetings_insert AFTER INSERT ON '
    "trajectory_meetings FOR EACH ROW WHEN min(coalesce(NEW.met_on, '0000-01-01'), "
    "'9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO "
    'figure_changes (year, changes) VALUES (CAST(substr(min(coalesce(NEW.met_on, '
    "'0000-01-01'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectory_meetings_delete AFTER DELETE ON '
    "trajectory_meetings FOR EACH ROW WHEN min(coalesce(OLD.met_on, '9999-12-31'), "
    "'9999-12-31') < strftime('%Y', 'now', '+2 days') || '-01-01' BEGIN INSERT INTO "
    'figure_changes (year, changes) VALUES (CAST(substr(min(coalesce(OLD.met_on, '
    "'9999-12-31'), '9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET "
    'changes = changes + 1; END',
    'CREATE TRIGGER figures_changed_trajectory_meetings_update AFTER UPDATE ON '
    "trajectory_meetings FOR EACH ROW WHEN min(coalesce(OLD.met_on, '0000-01-01'), "
    "coalesce(NEW.met_on, '0000-01-01'), '9999-12-31') < strftime('%Y', 'now', '+2 days') || "
    "'-01-01' BEGIN INSERT INTO figure_changes (year, changes) VALUES "
    "(CAST(substr(min(coalesce(OLD.met_on, '0000-01-01'), coalesce(NEW.met_on, '0000-01-01'), "
    "'9999-12-31'), 1, 4) AS INTEGER), 1) ON CONFLICT (year) DO UPDATE SET changes = changes + "
    '1; END'],
    "postgresql": [
    'CREATE OR REPLACE FUNCTION figures_changed_truncated() RETURNS trigger LANGUAGE plpgsql '
    "AS $$ BEGIN IF 0 < coalesce(nullif(current_setting('jobatelier.figures_changed_from', "
    "true), '')::int, 2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (0, "
    '1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + 1; PERFORM '
    "set_config('jobatelier.figures_changed_from', (0)::text, true); END IF; RETURN NULL; END "
    '$$',
    'CREATE OR REPLACE FUNCTION figures_changed_visits() RETURNS trigger LANGUAGE plpgsql AS '
    "$$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    "coalesce(least(NEW.arrived_at), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN first_day "
    ":= coalesce(least(OLD.arrived_at), 'infinity'); ELSE first_day := "
    "least(coalesce(least(OLD.arrived_at), date '0001-01-01'), coalesce(least(NEW.arrived_at), "
    "date '0001-01-01')); END IF; IF first_day < date_trunc('year', clock_timestamp() AT TIME "
    "ZONE 'UTC' + interval '2 days') THEN IF extract(year FROM first_day)::int < "
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON visits FOR EACH ROW '
    'EXECUTE FUNCTION figures_changed_visits()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON visits FOR EACH STATEMENT '
    'EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_outcomes() RETURNS trigger LANGUAGE plpgsql AS '
    "$$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    "coalesce(least((NEW.recorded_on - 183)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN "
    "first_day := coalesce(least((OLD.recorded_on - 183)), 'infinity'); ELSE first_day := "
    "least(coalesce(least((OLD.recorded_on - 183)), date '0001-01-01'), "
    "coalesce(least((NEW.recorded_on - 183)), date '0001-01-01')); END IF; IF first_day < "
    "date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF "
    'extract(year FROM first_day)::int < '
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON outcomes FOR EACH ROW '
    'EXECUTE FUNCTION figures_changed_outcomes()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON outcomes FOR EACH STATEMENT '
    'EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_help_tallies() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    "coalesce(least(make_date(NEW.year, 1, 1)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' "
    "THEN first_day := coalesce(least(make_date(OLD.year, 1, 1)), 'infinity'); ELSE first_day "
    ":= least(coalesce(least(make_date(OLD.year, 1, 1)), date '0001-01-01'), "
    "coalesce(least(make_date(NEW.year, 1, 1)), date '0001-01-01')); END IF; IF first_day < "
    "date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF "
    'extract(year FROM first_day)::int < '
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON help_tallies FOR EACH '
    'ROW EXECUTE FUNCTION figures_changed_help_tallies()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON help_tallies FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_visitor_years() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    "coalesce(least(make_date(NEW.year, 1, 1)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' "
    "THEN first_day := coalesce(least(make_date(OLD.year, 1, 1)), 'infinity'); ELSE first_day "
    ":= least(coalesce(least(make_date(OLD.year, 1, 1)), date '0001-01-01'), "
    "coalesce(least(make_date(NEW.year, 1, 1)), date '0001-01-01')); END IF; IF first_day < "
    "date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF "
    'extract(year FROM first_day)::int < '
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON visitor_years FOR EACH '
    'ROW EXECUTE FUNCTION figures_changed_visitor_years()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON visitor_years FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_visitors() RETURNS trigger LANGUAGE plpgsql AS '
    "$$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    "coalesce(least(NEW.registered_on), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN "
    "first_day := coalesce(least(OLD.registered_on), 'infinity'); ELSE first_day := date "
    "'0001-01-01'; END IF; IF first_day < date_trunc('year', clock_timestamp() AT TIME ZONE "
    "'UTC' + interval '2 days') THEN IF extract(year FROM first_day)::int < "
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON visitors FOR EACH ROW '
    'EXECUTE FUNCTION figures_changed_visitors()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON visitors FOR EACH STATEMENT '
    'EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_groups() RETURNS trigger LANGUAGE plpgsql AS '
    "$$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    'coalesce(least(NEW.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE group_id = '
    'NEW.id), (SELECT min(joined_on) FROM group_members WHERE group_id = NEW.id)), date '
    "'0001-01-01'); ELSIF TG_OP = 'DELETE' THEN first_day := coalesce(least(OLD.starts_on, "
    '(SELECT min(starts_at) FROM group_sessions WHERE group_id = OLD.id), (SELECT '
    "min(joined_on) FROM group_members WHERE group_id = OLD.id)), 'infinity'); ELSE first_day "
    ':= least(coalesce(least(OLD.starts_on, (SELECT min(starts_at) FROM group_sessions WHERE '
    'group_id = OLD.id), (SELECT min(joined_on) FROM group_members WHERE group_id = OLD.id)), '
    "date '0001-01-01'), coalesce(least(NEW.starts_on, (SELECT min(starts_at) FROM "
    'group_sessions WHERE group_id = NEW.id), (SELECT min(joined_on) FROM group_members WHERE '
    "group_id = NEW.id)), date '0001-01-01')); END IF; IF first_day < date_trunc('year', "
    "clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF extract(year FROM "
    "first_day)::int < coalesce(nullif(current_setting('jobatelier.figures_changed_from', "
    "true), '')::int, 2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES "
    '(extract(year FROM first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = '
    "figure_changes.changes + 1; PERFORM set_config('jobatelier.figures_changed_from', "
    '(extract(year FROM first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON groups FOR EACH ROW '
    'EXECUTE FUNCTION figures_changed_groups()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON groups FOR EACH STATEMENT '
    'EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_group_sessions() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP <> 'DELETE' THEN PERFORM 1 FROM "
    "groups WHERE id = NEW.group_id FOR SHARE; END IF; IF TG_OP <> 'INSERT' THEN PERFORM 1 "
    "FROM groups WHERE id = OLD.group_id FOR SHARE; END IF; IF TG_OP = 'INSERT' THEN first_day "
    ":= coalesce(least(NEW.starts_at), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN "
    "first_day := coalesce(least(OLD.starts_at), 'infinity'); ELSE first_day := "
    "least(coalesce(least(OLD.starts_at), date '0001-01-01'), coalesce(least(NEW.starts_at), "
    "date '0001-01-01')); END IF; IF first_day < date_trunc('year', clock_timestamp() AT TIME "
    "ZONE 'UTC' + interval '2 days') THEN IF extract(year FROM first_day)::int < "
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON group_sessions FOR '
    'EACH ROW EXECUTE FUNCTION figures_changed_group_sessions()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON group_sessions FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_group_attendance() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP <> 'DELETE' THEN PERFORM 1 FROM "
    "group_sessions WHERE id = NEW.session_id FOR SHARE; END IF; IF TG_OP <> 'INSERT' THEN "
    'PERFORM 1 FROM group_sessions WHERE id = OLD.session_id FOR SHARE; END IF; IF TG_OP = '
    "'INSERT' THEN first_day := coalesce(least((SELECT starts_at FROM group_sessions WHERE id "
    "= NEW.session_id)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN first_day := "
    'coalesce(least((SELECT starts_at FROM group_sessions WHERE id = OLD.session_id)), '
    "'infinity'); ELSE first_day := least(coalesce(least((SELECT starts_at FROM group_sessions "
    "WHERE id = OLD.session_id)), date '0001-01-01'), coalesce(least((SELECT starts_at FROM "
    "group_sessions WHERE id = NEW.session_id)), date '0001-01-01')); END IF; IF first_day < "
    "date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF "
    'extract(year FROM first_day)::int < '
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON group_attendance FOR '
    'EACH ROW EXECUTE FUNCTION figures_changed_group_attendance()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON group_attendance FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_group_members() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP <> 'DELETE' THEN PERFORM 1 FROM "
    "groups WHERE id = NEW.group_id FOR SHARE; END IF; IF TG_OP <> 'INSERT' THEN PERFORM 1 "
    "FROM groups WHERE id = OLD.group_id FOR SHARE; END IF; IF TG_OP = 'INSERT' THEN first_day "
    ':= coalesce(least(NEW.joined_on, NEW.left_on, (SELECT starts_on FROM groups WHERE id = '
    "NEW.group_id)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN first_day := "
    'coalesce(least(OLD.joined_on, OLD.left_on, (SELECT starts_on FROM groups WHERE id = '
    "OLD.group_id)), 'infinity'); ELSE first_day := least(coalesce(least(OLD.joined_on, "
    "OLD.left_on, (SELECT starts_on FROM groups WHERE id = OLD.group_id)), date '0001-01-01'), "
    'coalesce(least(NEW.joined_on, NEW.left_on, (SELECT starts_on FROM groups WHERE id = '
    "NEW.group_id)), date '0001-01-01')); END IF; IF first_day < date_trunc('year', "
    "clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF extract(year FROM "
    "first_day)::int < coalesce(nullif(current_setting('jobatelier.figures_changed_from', "
    "true), '')::int, 2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES "
    '(extract(year FROM first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = '
    "figure_changes.changes + 1; PERFORM set_config('jobatelier.figures_changed_from', "
    '(extract(year FROM first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON group_members FOR EACH '
    'ROW EXECUTE FUNCTION figures_changed_group_members()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON group_members FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_trajectories() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP = 'INSERT' THEN first_day := "
    'coalesce(least(NEW.starts_on, NEW.ended_on, (SELECT min(met_on) FROM trajectory_meetings '
    "WHERE trajectory_id = NEW.id)), date '0001-01-01'); ELSIF TG_OP = 'DELETE' THEN first_day "
    ':= coalesce(least(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) FROM '
    "trajectory_meetings WHERE trajectory_id = OLD.id)), 'infinity'); ELSE first_day := "
    'least(coalesce(least(OLD.starts_on, OLD.ended_on, (SELECT min(met_on) FROM '
    "trajectory_meetings WHERE trajectory_id = OLD.id)), date '0001-01-01'), "
    'coalesce(least(NEW.starts_on, NEW.ended_on, (SELECT min(met_on) FROM trajectory_meetings '
    "WHERE trajectory_id = NEW.id)), date '0001-01-01')); END IF; IF first_day < "
    "date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' + interval '2 days') THEN IF "
    'extract(year FROM first_day)::int < '
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON trajectories FOR EACH '
    'ROW EXECUTE FUNCTION figures_changed_trajectories()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON trajectories FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()',
    'CREATE OR REPLACE FUNCTION figures_changed_trajectory_meetings() RETURNS trigger LANGUAGE '
    "plpgsql AS $$ DECLARE first_day date; BEGIN IF TG_OP <> 'DELETE' THEN PERFORM 1 FROM "
    "trajectories WHERE id = NEW.trajectory_id FOR SHARE; END IF; IF TG_OP <> 'INSERT' THEN "
    'PERFORM 1 FROM trajectories WHERE id = OLD.trajectory_id FOR SHARE; END IF; IF TG_OP = '
    "'INSERT' THEN first_day := coalesce(least(NEW.met_on), date '0001-01-01'); ELSIF TG_OP = "
    "'DELETE' THEN first_day := coalesce(least(OLD.met_on), 'infinity'); ELSE first_day := "
    "least(coalesce(least(OLD.met_on), date '0001-01-01'), coalesce(least(NEW.met_on), date "
    "'0001-01-01')); END IF; IF first_day < date_trunc('year', clock_timestamp() AT TIME ZONE "
    "'UTC' + interval '2 days') THEN IF extract(year FROM first_day)::int < "
    "coalesce(nullif(current_setting('jobatelier.figures_changed_from', true), '')::int, "
    '2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES (extract(year FROM '
    'first_day)::int, 1) ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + '
    "1; PERFORM set_config('jobatelier.figures_changed_from', (extract(year FROM "
    'first_day)::int)::text, true); END IF; END IF; RETURN NULL; END $$',
    'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON trajectory_meetings '
    'FOR EACH ROW EXECUTE FUNCTION figures_changed_trajectory_meetings()',
    'CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON trajectory_meetings FOR EACH '
    'STATEMENT EXECUTE FUNCTION figures_changed_truncated()'],
}
DROPS = {
    "sqlite": [
    'DROP TRIGGER IF EXISTS figures_changed_visits_insert',
    'DROP TRIGGER IF EXISTS figures_changed_visits_delete',
    'DROP TRIGGER IF EXISTS figures_changed_visits_update',
    'DROP TRIGGER IF EXISTS figures_changed_outcomes_insert',
    'DROP TRIGGER IF EXISTS figures_changed_outcomes_delete',
    'DROP TRIGGER IF EXISTS figures_changed_outcomes_update',
    'DROP TRIGGER IF EXISTS figures_changed_help_tallies_insert',
    'DROP TRIGGER IF EXISTS figures_changed_help_tallies_delete',
    'DROP TRIGGER IF EXISTS figures_changed_help_tallies_update',
    'DROP TRIGGER IF EXISTS figures_changed_visitor_years_insert',
    'DROP TRIGGER IF EXISTS figures_changed_visitor_years_delete',
    'DROP TRIGGER IF EXISTS figures_changed_visitor_years_update',
    'DROP TRIGGER IF EXISTS figures_changed_visitors_insert',
    'DROP TRIGGER IF EXISTS figures_changed_visitors_delete',
    'DROP TRIGGER IF EXISTS figures_changed_visitors_update',
    'DROP TRIGGER IF EXISTS figures_changed_groups_insert',
    'DROP TRIGGER IF EXISTS figures_changed_groups_delete',
    'DROP TRIGGER IF EXISTS figures_changed_groups_update',
    'DROP TRIGGER IF EXISTS figures_changed_group_sessions_insert',
    'DROP TRIGGER IF EXISTS figures_changed_group_sessions_delete',
    'DROP TRIGGER IF EXISTS figures_changed_group_sessions_update',
    'DROP TRIGGER IF EXISTS figures_changed_group_attendance_insert',
    'DROP TRIGGER IF EXISTS figures_changed_group_attendance_delete',
    'DROP TRIGGER IF EXISTS figures_changed_group_attendance_update',
    'DROP TRIGGER IF EXISTS figures_changed_group_members_insert',
    'DROP TRIGGER IF EXISTS figures_changed_group_members_delete',
    'DROP TRIGGER IF EXISTS figures_changed_group_members_update',
    'DROP TRIGGER IF EXISTS figures_changed_trajectories_insert',
    'DROP TRIGGER IF EXISTS figures_changed_trajectories_delete',
    'DROP TRIGGER IF EXISTS figures_changed_trajectories_update',
    'DROP TRIGGER IF EXISTS figures_changed_trajectory_meetings_insert',
    'DROP TRIGGER IF EXISTS figures_changed_trajectory_meetings_delete',
    'DROP TRIGGER IF EXISTS figures_changed_trajectory_meetings_update'],
    "postgresql": [
    'DROP TRIGGER IF EXISTS figures_changed ON visits',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON visits',
    'DROP TRIGGER IF EXISTS figures_changed ON outcomes',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON outcomes',
    'DROP TRIGGER IF EXISTS figures_changed ON help_tallies',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON help_tallies',
    'DROP TRIGGER IF EXISTS figures_changed ON visitor_years',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON visitor_years',
    'DROP TRIGGER IF EXISTS figures_changed ON visitors',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON visitors',
    'DROP TRIGGER IF EXISTS figures_changed ON groups',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON groups',
    'DROP TRIGGER IF EXISTS figures_changed ON group_sessions',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON group_sessions',
    'DROP TRIGGER IF EXISTS figures_changed ON group_attendance',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON group_attendance',
    'DROP TRIGGER IF EXISTS figures_changed ON group_members',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON group_members',
    'DROP TRIGGER IF EXISTS figures_changed ON trajectories',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON trajectories',
    'DROP TRIGGER IF EXISTS figures_changed ON trajectory_meetings',
    'DROP TRIGGER IF EXISTS figures_changed_truncated ON trajectory_meetings',
    'DROP FUNCTION IF EXISTS figures_changed_visits()',
    'DROP FUNCTION IF EXISTS figures_changed_outcomes()',
    'DROP FUNCTION IF EXISTS figures_changed_help_tallies()',
    'DROP FUNCTION IF EXISTS figures_changed_visitor_years()',
    'DROP FUNCTION IF EXISTS figures_changed_visitors()',
    'DROP FUNCTION IF EXISTS figures_changed_groups()',
    'DROP FUNCTION IF EXISTS figures_changed_group_sessions()',
    'DROP FUNCTION IF EXISTS figures_changed_group_attendance()',
    'DROP FUNCTION IF EXISTS figures_changed_group_members()',
    'DROP FUNCTION IF EXISTS figures_changed_trajectories()',
    'DROP FUNCTION IF EXISTS figures_changed_trajectory_meetings()',
    'DROP FUNCTION IF EXISTS figures_changed_truncated()'],
}

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('figure_changes',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_figure_changes'))
    )
    for statement in TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in DROPS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table('figure_changes')
