"""The candidate pool's blueprint (van werk naar werk); its pages are in the *_views.py modules here."""
from flask import Blueprint

bp = Blueprint("pool", __name__)
