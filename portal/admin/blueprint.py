"""The administration blueprint; its pages are in the *_views.py modules next to this file."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer")
