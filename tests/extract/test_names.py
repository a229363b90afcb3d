"""Person names: spelled as written, and joined when a family name written first stands alone."""

from __future__ import annotations


def _people(extraction) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(e.label for e in extraction.entities if e.type == "Person")


def test_hyphenated_names_keep_their_spelling(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Former UN chief Ban Ki-moon met President Tsai Ing-wen and Sheikh Hamad bin Khalifa al-Thani.")
    assert _people(x) == ["Ban Ki-moon", "Hamad bin Khalifa al-Thani", "Tsai Ing-wen"]


def test_a_family_name_written_first_joins_the_full_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Ban Ki-moon arrived in Seoul on Monday. Ban later met the Japanese ambassador.")
    assert _people(x) == ["Ban Ki-moon"]


def test_a_first_name_shared_by_two_people_joins_neither(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Kim Jong-un received Kim Yo-jong in Pyongyang. Kim later left for the border.")
    # the bare "Kim" stays an entity of its own: merged into either, it would not be listed
    assert _people(x) == ["Kim", "Kim Jong-un", "Kim Yo-jong"]


def test_a_surname_is_still_joined_by_its_last_word(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Foreign Minister Sergey Lavrov met John Kerry in Geneva. Kerry thanked Lavrov for the talks.")
    assert _people(x) == ["John Kerry", "Sergey Lavrov"]


def test_titles_before_a_name_are_not_part_of_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Senator Ron Johnson urged the European Union to act. Rear Admiral John Kirby spoke later, "
                "and Journalist Anna Petrova criticised Russia.")
    assert _people(x) == ["Anna Petrova", "John Kirby", "Ron Johnson"]


def test_past_heads_of_state_resolve_to_their_entry_and_country(extract) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    x = extract("President Obama arrived in Cairo on Thursday. Hosni Mubarak later phoned Obama.",
                date=dt.date(2010, 6, 1))
    people = {e.label: e for e in x.entities if e.type == "Person"}
    assert people["Barack Obama"].qid == "Q76" and people["Barack Obama"].country == "USA"
    assert people["Hosni Mubarak"].country == "EGY"
    assert any(ev.relation == "spokeWith" and ev.agent == people["Hosni Mubarak"].key
               and ev.target == people["Barack Obama"].key for ev in x.events)


def test_a_bare_surname_is_the_person_of_that_name_in_the_article(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Hillary Clinton met Donald Trump in New York. Clinton later called Trump.")
    people = {e.label for e in x.entities if e.type == "Person"}
    assert "Hillary Clinton" in people and "Bill Clinton" not in people
