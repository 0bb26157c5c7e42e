import struct

import pytest

from saleslab import i18n


def write_mo(path, messages):
    """Write a minimal GNU .mo catalogue (the format gettext reads)."""
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    header = 7 * 4
    ids_start = header + n * 16
    strs_start = ids_start + len(ids)
    id_table, str_table, offset_id, offset_str = [], [], ids_start, strs_start
    for k in keys:
        id_table += [len(k.encode()), offset_id]
        str_table += [len(messages[k].encode()), offset_str]
        offset_id += len(k.encode()) + 1
        offset_str += len(messages[k].encode()) + 1
    data = struct.pack("<7I", 0x950412DE, 0, n, header, header + n * 8, 0, 0)
    data += struct.pack(f"<{2 * n}I", *id_table) + struct.pack(f"<{2 * n}I", *str_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + ids + strs)


def test_english_source_text_is_returned_without_a_catalogue(monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    assert i18n._("Leads") == "Leads"


def test_a_catalogue_translates_without_touching_call_sites(monkeypatch, tmp_path):
    write_mo(tmp_path / "zh_CN" / "LC_MESSAGES" / "saleslab.mo",
             {"": "Content-Type: text/plain; charset=UTF-8\n", "Leads": "线索"})
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    assert i18n._("Leads") == "线索"
    assert i18n._("Won") == "Won"  # untranslated text falls back to English


def test_marked_strings_are_translated_where_shown():
    assert i18n.N_("Won") == "Won"


def test_plural_forms_follow_the_count():
    assert i18n.ngettext("{n} deal", "{n} deals", 1) == "{n} deal"
    assert i18n.ngettext("{n} deal", "{n} deals", 3) == "{n} deals"


def test_non_string_message_is_rejected():
    with pytest.raises(TypeError, match="message"):
        i18n._(3)
