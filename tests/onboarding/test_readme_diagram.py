from pathlib import Path

from onboarding.diagram import journey_mermaid

README = Path(__file__).resolve().parents[2] / "README.md"


def test_it_keeps_the_readme_diagram_in_step_with_the_model():
    assert journey_mermaid() in README.read_text(encoding="utf-8")
