"""The HTTP API: partners push leads, staff read projects and move them along.

Views here stay thin: visibility comes from `onboarding.selectors`, every
write from a service (`intake_submit`, `project_transition`).
"""
