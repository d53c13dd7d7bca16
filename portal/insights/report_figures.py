"""The research report's national figures, shown beside ours (seed report, chapter 3 and annex I).

"Onbeperkt aan het werk in de Wajong", UWV Kenniscentrum (2022): every Wajong job that ended in
2015-2019, from UWV's own registers. Table 3.1 gives the share that started a next job within
a week, a month, 3 and 6 months and 1 to 4 years of the end, per kind of job coach.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

SOURCE = _l("UWV Kenniscentrum, 'Onbeperkt aan het werk in de Wajong' (2022), hoofdstuk 3 (tabel 3.1, "
            "figuur 3.3 en 3.5) en bijlage I: alle banen van Wajongers die eindigden in 2015-2019.")

# Months after the end -> share with a new job (month 0: within a week), per job coach (table 3.1).
TABLE_3_1 = {
    "none": {0: 0.29, 1: 0.36, 3: 0.48, 6: 0.58, 12: 0.68, 24: 0.78, 36: 0.82, 48: 0.85},
    "external": {0: 0.25, 1: 0.30, 3: 0.43, 6: 0.54, 12: 0.67, 24: 0.78, 36: 0.83, 48: 0.85},
    "internal": {0: 0.27, 1: 0.31, 3: 0.41, 6: 0.50, 12: 0.63, 24: 0.73, 36: 0.78, 48: 0.82},
}
TABLE_MONTHS = (0, 1, 3, 6, 12, 24, 36, 48)

# The other measures, for everyone whose job ended (no split by job coach in the report).
DURATION_MEAN_MONTHS = 16  # section 3.1
DURATION_UNDER_3_MONTHS_SHARE = 0.26  # annex I
PLAN_WITHIN_MONTH_SHARE = 0.04  # section 3.5: paid help started within a month in 4% ("under 5%")
