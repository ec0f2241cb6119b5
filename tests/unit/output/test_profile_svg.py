"""The profile as SVG: on a phone's tall chart the scale's level numbers come back at every area."""

from __future__ import annotations

import re

import golden

from skillcheck.documents.report import build_report
from skillcheck.output.profile import NARROW, WIDE, build_profiles, profile_svg
from skillcheck.storage.store import load_assessment
from skillcheck.taxonomy.load import load_taxonomy


def test_the_phone_chart_repeats_the_scale_at_every_area_and_the_wide_one_once() -> None:
    loaded = load_taxonomy(golden.TAXONOMY)
    report = build_report(load_assessment(golden.ASSESSMENTS[0]), loaded.taxonomy, loaded.ref)
    (profile, *_) = build_profiles(report)
    top = loaded.taxonomy.top_level
    scale = f'font-weight="bold">{top}</text>'

    def scales(svg: str) -> int:
        return len(re.findall(re.escape(scale), svg))

    assert scales(profile_svg(profile, layout=NARROW)) == len(profile.areas) > 1
    assert scales(profile_svg(profile, layout=WIDE)) == 1
