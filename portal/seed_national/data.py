"""Sizes, names and texts of the synthetic national dataset."""
from __future__ import annotations

from portal.models import PLAN_SERVICES

# Sizes at scale 1.0.
ORGANISATIONS = 1_500
EMPLOYEES = 70_000
BIG_EMPLOYER_EMPLOYEES = 3_000
WSP_ADVISERS = 150
ADS = 600
ADMINS = 2
HISTORY_YEARS = 5

BIG_EMPLOYER = ("Facilitair Bedrijf Nederland B.V.", "fbnederland.example")
BIG_EMPLOYER_CITIES = ("Amsterdam", "Utrecht", "Rotterdam")

# Rough size of the labour market regions (the large cities); every other region weighs 1.
REGION_WEIGHTS = {"AM18": 4.0, "AM22": 4.0, "AM21": 3.5, "AM13": 3.0, "AM28": 2.2, "AM19": 1.6, "AM25": 1.7,
                  "AM26": 1.5, "AM27": 1.6, "AM05": 1.8, "AM02": 1.8, "AM01": 1.7, "AM30": 1.8, "AM15": 1.7}
BIG_CITIES = {"Amsterdam": 12, "Rotterdam": 10, "'s-Gravenhage": 9, "Utrecht": 8, "Eindhoven": 5, "Groningen": 5,
              "Tilburg": 4, "Almere": 4, "Breda": 4, "Nijmegen": 4, "Apeldoorn": 3, "Arnhem": 3, "Haarlem": 3,
              "Enschede": 3, "Amersfoort": 3, "Zaanstad": 3, "'s-Hertogenbosch": 3, "Zwolle": 3, "Leiden": 3,
              "Maastricht": 3, "Dordrecht": 3, "Leeuwarden": 3, "Zoetermeer": 2, "Alkmaar": 2, "Venlo": 2}

FIRST_NAMES = [
    "Daan", "Sem", "Lieke", "Noah", "Tess", "Milan", "Yara", "Luuk", "Fleur", "Bram", "Iris", "Thijs", "Noor",
    "Jesse", "Sara", "Ravi", "Mila", "Owen", "Lina", "Kevin", "Emma", "Lucas", "Julia", "Finn", "Sophie", "Levi",
    "Anna", "Mohammed", "Zoë", "Ryan", "Eva", "Jayden", "Saar", "Stijn", "Lotte", "Ayoub", "Nina", "Ruben", "Amira",
    "Tim", "Femke", "Bas", "Esmee", "Joris", "Fatima", "Koen", "Sanne", "Mees", "Ilse", "Dewi", "Hamza", "Roos",
    "Wouter", "Maud", "Gijs", "Demi", "Youssef", "Lisa", "Niels", "Vera",
]
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden",
    "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Kaya", "Yilmaz", "El Amrani", "Öztürk", "Bosman",
    "Kuipers", "Veenstra", "Postma", "Wijaya", "Tahiri",
]
JOBS = [
    ("Medewerker groenvoorziening", 24), ("Medewerker logistiek", 32), ("Facilitair medewerker", 20),
    ("Medewerker schoonmaak", 16), ("Administratief medewerker", 28), ("Medewerker keuken", 24),
    ("Productiemedewerker", 32), ("Medewerker magazijn", 30), ("Medewerker postkamer", 20),
    ("Medewerker kinderopvang", 18), ("Medewerker winkel", 24), ("Medewerker recreatie", 20),
    ("Medewerker zorg en welzijn", 24), ("Medewerker ICT-beheer", 32), ("Medewerker wasserij", 24),
]
SECTORS = [
    "Groenvoorziening", "Logistiek", "Zorggroep", "Facilitaire Diensten", "Schoonmaakbedrijf", "Catering",
    "Bouwbedrijf", "Metaalbewerking", "Supermarkten", "Kinderopvang", "Recreatie", "Drukkerij", "Wasserij",
    "Transport", "Installatietechniek", "Hoveniers", "Bakkerij", "Verpakkingen", "Kwekerij", "Autoservice",
]
FORMS = ["B.V.", "B.V.", "B.V.", "Groep B.V.", "Stichting", "N.V.", "& Zonen B.V."]
CERTIFYING_BODIES = ["Stichting PSO", "Kiwa", "DNV", "TÜV Nederland", "Lloyd's Register"]
PSO_LEVEL_CHOICES = ["aspirant", "basistrede", "trede_1", "trede_1", "trede_2", "trede_2", "trede_3"]
STREETS = ["Industrieweg", "Stationsstraat", "Havenweg", "Kerkstraat", "Dorpsstraat", "Nijverheidsweg",
           "Energieweg", "Marktplein", "Molenweg", "Spoorlaan", "Handelsweg", "Parallelweg"]
NOTES = {
    "notes_tasks": ["Orders picken en klaarzetten.", "Groen onderhouden in de wijk.", "Kantine en koffiecorner bijhouden.",
                    "Post sorteren en rondbrengen.", "Schoonmaken van kantoren volgens een vaste route."],
    "notes_strengths": ["Heel precies en betrouwbaar.", "Altijd op tijd, vrolijk in het team.",
                        "Werkt zelfstandig als de taak duidelijk is.", "Sterk in herhalend werk."],
    "notes_attention": ["Heeft moeite met drukte en veranderingen op het laatste moment.",
                        "Heeft rust nodig na de middag.", "Vraagt niet snel om hulp."],
    "notes_adaptations": ["Vaste begintijd en een vaste collega als maatje.", "Taakkaart per dag.",
                          "Rustige werkplek, geluiddempende koptelefoon.", "Jobcoach eens per twee weken."],
    "notes_next_roles": ["Werk met een vaste structuur, bijvoorbeeld in een magazijn.", "Buitenwerk in het groen.",
                         "Facilitair werk in een klein team."],
    "notes_wishes": ["Wil graag buiten blijven werken.", "Wil dicht bij huis werken.", "Wil meer uren werken.",
                     "Wil een opleiding volgen naast het werk."],
}
REASON_BY_CONTRACT = {
    "temporary": (["temp_no_work", "temp_match", "employee_wants_change", "other"], [60, 25, 10, 5]),
    "agency": (["temp_no_work", "temp_match", "employee_wants_change", "reorganisation"], [55, 25, 10, 10]),
    "trial_placement": (["trial_ended", "temp_match", "other"], [80, 15, 5]),
    "permanent": (["mutual_agreement", "dismissal", "illness", "reorganisation", "employee_wants_change"],
                  [30, 15, 20, 20, 15]),
}
PLAN_CHOICES = (list(PLAN_SERVICES), [30, 25, 20, 15, 10])
WITHDRAW_NOTES = ["Het contract wordt toch verlengd.", "Er is toch werk gevonden op een andere afdeling.",
                  "Per abuis gemeld."]
CANDIDATE_NOTES = ["Twee kandidaten uit ons bestand, gesprekken volgende week.",
                   "Een kandidaat met ervaring in vergelijkbaar werk.", "Drie kandidaten voorgesteld, één proefplaatsing."]
NOT_FILLED_REASONS = ["Geen geschikte kandidaat binnen de gewenste termijn.", "De werkgever koos een eigen kandidaat.",
                      "De functie bleek niet passend voor de doelgroep."]

WORKING_HOURS_UTC = (6, 16)
