"""The matching's search terms are generated columns (models/search_terms.py, issue 21): the
database rewrites them with every change, so an edited profile matches on its new words."""
from portal.pool import matching
from portal.pool import profile_service as profiles
from portal.unit_of_work import unit_of_work
from tests.pool_helpers import profile_input, published_profile, vacancy


def _words_for(refill, profile):
    [match] = [m for m in matching.candidates_for_refill(refill) if m.item.id == profile.id]
    return match.words


def test_an_edited_profile_matches_on_its_new_words(world):
    refill, _ = vacancy(world, job_title="Hovenier", tasks="Groenonderhoud in parken", adaptations="")
    profile = published_profile(world, suitable_work="Magazijn, orders picken")
    assert _words_for(refill, profile) == []

    with unit_of_work():
        profiles.edit(world.ad1, profile, profile_input(profile, suitable_work="Groenonderhoud in parken"))
    assert "groenonderhoud" in _words_for(refill, profile)
    assert [m.item.id for m in matching.refills_for_profile(profile, [r.id for r in profile.regions])][:1] == [refill.id]


def test_the_terms_are_written_with_the_row(world):
    refill, _ = vacancy(world, job_title="Orderpicker magazijn", tasks="Orders picken", adaptations="Rustige ruimte")
    profile = published_profile(world, suitable_work="Werk in een magazijn", adaptations="Een rustige ruimte")
    assert "magazijn" in matching.terms(refill.job_terms) and "magazijn" in matching.terms(profile.work_terms)
    assert "rustig" in matching.terms(refill.adaptation_terms) & matching.terms(profile.adaptation_terms)
