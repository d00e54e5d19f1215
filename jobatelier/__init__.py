"""Jobatelier desk: register anonymous walk-in visits at job-search help desks."""

from flask import Flask, render_template

from . import config
from .bodies import BodyLimitRequest
from .extensions import babel, csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration layers, extensions, blueprints, commands and error pages."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.request_class = BodyLimitRequest
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    config.load_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    config.finish(app)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import access, database, i18n, reference, security
    from .auth.views import load_user, unauthorized
    from .reports import tallies

    db.init_app(app)
    database.tune_connections(app)
    tallies.keep_current(db.session)
    reference.init_app(db.session)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    access.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .desk.views import bp as desk_bp
    from .groups.views import bp as groups_bp
    from .handover.views import bp as handover_bp
    from .queue.views import bp as queue_bp
    from .reports.views import bp as reports_bp
    from .trajectories.editing import bp as trajectory_corrections_bp
    from .trajectories.views import bp as trajectories_bp
    from .visitors.views import bp as visitors_bp

    for blueprint in (auth_bp, desk_bp, queue_bp, visitors_bp, groups_bp, trajectories_bp,
                      trajectory_corrections_bp, reports_bp, handover_bp, admin_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500)
        return render_template("errors/error.html", code=code), code

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, render_error)


def register_commands(app: Flask) -> None:
    from .cli import commands

    for command in commands:
        app.cli.add_command(command)
