from tests.jobs.fake_france_travail import france_travail  # noqa: F401  (the fixture)
