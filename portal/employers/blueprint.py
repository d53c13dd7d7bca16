"""The employers' blueprint; its pages are in the *_views.py modules next to this file."""
from flask import Blueprint

bp = Blueprint("employers", __name__)
