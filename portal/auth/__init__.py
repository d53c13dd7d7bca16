from portal.extensions import db, login_manager
from portal.models import User


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te zien."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(cookie_id: str):
        # The cookie names the user *and* their session version: logout bumps the version,
        # so a copied cookie stops working (TRAPS 1).
        user_id, _, version = cookie_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_enabled or user.session_version != int(version):
            return None
        return user
