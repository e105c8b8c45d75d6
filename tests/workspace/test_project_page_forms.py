"""The project page's exchange and task forms, rendered by hand
(workspace/templatetags/filter_form.py `plain_form`): each field keeps its
label tied to its control, its required marker and attribute, and, refused,
its error tied to it (aria-invalid, aria-describedby); the task's assignees
are the people who may see the project."""

import re

from django.urls import reverse


def _section(content, start, end):
    begin = content.index(start)
    return content[begin:content.index(end, begin)]


def test_each_field_has_its_label_its_required_marker_and_its_name(client, bob, project):
    client.force_login(bob)
    content = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    forms = _section(content, 'id="interaction-title"', "</section>")
    for name, label in [("interaction-kind", "Type"), ("interaction-happened_at", "Date"),
                        ("interaction-summary", "Résumé"), ("task-title", "Intitulé"), ("task-due_on", "Échéance"),
                        ("task-assignee", "Assignée à")]:
        assert (f'<label for="id_{name}" class="form-label requiredField">{label}'
                '<span class="asteriskField">*</span></label>') in forms
        assert re.search(rf'<(select|textarea|input type="[a-z-]+") name="{name}"[^>]* required id="id_{name}"', forms), name
    assert '<input type="datetime-local" name="interaction-happened_at" value="' in forms
    assert '<input type="date" name="task-due_on"' in forms
    assert f'<option value="{bob.referent.pk}" selected>Bob Durand</option>' in forms
    assert "&lt;" not in forms  # markup, not escaped text


def test_a_refused_exchange_says_each_error_on_its_field(client, bob, project):
    client.force_login(bob)
    response = client.post(reverse("interaction_add", kwargs={"pk": project.pk}),
                           {"interaction-kind": "zz", "interaction-summary": "", "interaction-happened_at": "x"})
    assert response.status_code == 400
    form = _section(response.content.decode(), 'id="interaction-title"', 'id="task-title"')
    for name in ("interaction-kind", "interaction-summary", "interaction-happened_at"):
        assert re.search(rf'name="{name}"[^>]*is-invalid" aria-describedby="id_{name}_error" aria-invalid="true"', form)
        assert f'<div id="id_{name}_error" class="invalid-feedback"><span id="error_1_id_{name}"><strong>' in form
    assert "Sélectionnez un choix valide. zz n’en fait pas partie." in form
    assert "Ce champ est obligatoire." in form
    assert '<input type="text" name="interaction-summary"' not in form  # still a textarea
