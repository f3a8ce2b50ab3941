"""click's own messages and every option's help in Vietnamese (default, or CHISO_LANG=vi)
and in English (--lang en or CHISO_LANG=en)."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import LOCALE, language_of

KPIS = Path(__file__).resolve().parents[2] / "kpis"  # the shipped catalogue


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, list(args), env={"CHISO_LANG": None, **(env or {})})
    return outcome.exit_code, outcome.output


def test_a_missing_option_in_vietnamese_by_default(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path))
    assert code == ExitCode.USAGE
    assert "Lỗi: Thiếu tùy chọn '--units'." in output
    assert "Cách dùng: main check" in output


def test_a_missing_option_in_english_with_lang_en_even_after_the_error(tmp_path: Path) -> None:
    """--lang comes after the point where click finds the option missing: read before."""
    code, output = run("check", str(tmp_path), "--lang", "en")
    assert code == ExitCode.USAGE
    assert "Error: Missing option '--units'." in output


def test_an_unknown_option_in_both_languages() -> None:
    code, output = run("score", "--bogus")
    assert code == ExitCode.USAGE
    assert "Không có tùy chọn '--bogus'." in output
    code, output = run("score", "--lang=en", "--bogus")
    assert "No such option '--bogus'." in output


def test_a_suggestion_for_a_misspelt_option_in_both_languages() -> None:
    assert "(Có phải ý bạn là một trong: '--out', '--quiet', '--units'?)" in run(
        "score", "--unit", "x")[1]
    assert "(Did you mean one of: '--out', '--quiet', '--units'?)" in run(
        "score", "--lang", "en", "--unit", "x")[1]


def test_an_invalid_choice_in_both_languages(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path), "--units", "u.csv", "--format", "xml")
    assert code == ExitCode.USAGE
    assert ("Giá trị không hợp lệ cho '--format': 'xml' không thuộc các giá trị "
            "'text', 'json', 'github'.") in output
    code, output = run("check", str(tmp_path), "--units", "u.csv", "--format", "xml",
                       env={"CHISO_LANG": "en"})
    assert "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'." in output


def test_an_invalid_number_in_both_languages(tmp_path: Path) -> None:
    assert "'many' không phải là một số hợp lệ." in run("score", "--workers", "many")[1]
    assert "'many' is not a valid integer." in run("score", "--workers", "many",
                                                   "--lang", "en")[1]


def test_a_path_that_does_not_exist_in_both_languages(tmp_path: Path) -> None:
    """click's own check (``click.Path(exists=True)``) and chiso's."""
    nowhere = str(tmp_path / "nowhere")
    code, output = run("export", "--data", nowhere, "--out", str(tmp_path / "o"))
    assert code == ExitCode.USAGE
    assert f"'{nowhere}' không tồn tại." in output and "does not exist" not in output
    code, output = run("export", "--data", nowhere, "--out", str(tmp_path / "o"),
                       env={"CHISO_LANG": "en"})
    assert f"Directory '{nowhere}' does not exist." in output
    code, output = run("score", nowhere)
    assert code == ExitCode.USAGE and "không tồn tại" in output and "does not" not in output
    assert "does not exist" in run("score", nowhere, env={"CHISO_LANG": "en"})[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_option_help_follows_the_language(lang: str) -> None:
    """In a new process, as people run it: click words its --help option once a process."""
    output = subprocess.run(
        [sys.executable, "-c", "from chiso.cli import main; main()", "check", "--help",
         "--lang", lang],
        capture_output=True, text=True, check=True,
        env={**os.environ, "CHISO_LANG": ""},
    ).stdout
    if lang == "vi":
        assert "Tệp danh mục đơn vị, CSV hoặc YAML." in output and "[bắt buộc]" in output
        assert "Hiện hướng dẫn này rồi thoát." in output and "Tùy chọn:" in output
    else:
        assert "Units file, CSV or YAML." in output and "[required]" in output
        assert "Show this message and exit." in output and "Options:" in output


@pytest.mark.parametrize("command", ["score", "report", "check", "validate", "schema",
                                     "template"])
def test_every_command_declares_lang_once_with_the_same_default(command: str) -> None:
    output = " ".join(run(command, "--help")[1].split())
    assert "--lang [vi|en]" in output
    assert "[biến môi trường: CHISO_LANG; mặc định: vi]" in output


def test_the_language_comes_from_the_arguments_then_the_environment() -> None:
    assert language_of(["score", "--lang", "en"], {}) == "en"
    assert language_of(["score", "--lang=en"], {"CHISO_LANG": "vi"}) == "en"
    assert language_of(["score"], {"CHISO_LANG": "en"}) == "en"
    assert language_of(["score"], {}) == "vi"
    assert language_of(["score", "--", "--lang", "en"], {}) == "vi"  # a path named --lang


def test_a_command_leaves_gettext_and_the_environment_as_they_were() -> None:
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    run("check", "--help", "--lang", "en")
    run("check", "--help")
    assert gettext.textdomain() == domain and os.environ.get("LANGUAGE") == language


def _po_messages(path: Path) -> dict[str, str]:
    """msgid → msgstr (the first form for plurals) of a .po file, the header left out."""
    messages: dict[str, str] = {}
    key: str | None = None
    field = ""
    current: dict[str, str] = {}

    def flush() -> None:
        if current.get("msgid"):
            messages[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))

    for line in path.read_text("utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            current = {}
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            field, text = match.groups()
            current[field] = text
            key = field
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    flush()
    return {k.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"):
            v.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            for k, v in messages.items()}


def test_the_compiled_catalogue_holds_every_message_of_the_po_file() -> None:
    """click.mo is compiled from click.po (msgfmt -o click.mo click.po): kept in step."""
    folder = LOCALE / "vi" / "LC_MESSAGES"
    with (folder / "click.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    messages = _po_messages(folder / "click.po")
    assert len(messages) > 40
    for msgid, msgstr in messages.items():
        assert compiled.gettext(msgid) == msgstr, msgid


def test_lang_before_the_command_speaks_for_it() -> None:
    """``chiso --lang en validate`` as ``chiso validate --lang en`` (it used to fail: no
    such option for the group)."""
    code, output = run("--lang", "en", "validate", str(KPIS))
    assert code == ExitCode.OK
    assert output.strip().endswith("kpis: valid (0 error(s), 0 warning(s))")
    code, output = run("--lang", "en", "score", "--bogus")
    assert code == ExitCode.USAGE and "No such option '--bogus'." in output


def test_the_commands_own_lang_wins_over_the_groups_and_both_over_chiso_lang() -> None:
    assert run("--lang", "en", "validate", "--lang", "vi", str(KPIS))[1].strip().endswith(
        "kpis: hợp lệ (0 lỗi, 0 cảnh báo)")
    assert run("--lang", "en", "validate", str(KPIS), env={"CHISO_LANG": "vi"})[1].strip(
        ).endswith("kpis: valid (0 error(s), 0 warning(s))")
    assert run("validate", str(KPIS), env={"CHISO_LANG": "en"})[1].strip().endswith(
        "kpis: valid (0 error(s), 0 warning(s))")


def test_a_chosen_language_is_kept_for_github_annotations(tmp_path: Path) -> None:
    """validate's annotations default to English (reviewers of any language), unless a
    language was asked for, before the command or after it."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("kpis:\n  - id: x\n", encoding="utf-8")
    default = run("validate", str(bad), "--format", "github")[1]
    chosen = run("--lang", "vi", "validate", str(bad), "--format", "github")[1]
    assert default.startswith("::error") and chosen.startswith("::error")
    assert default != chosen
    assert chosen == run("validate", str(bad), "--format", "github", "--lang", "vi")[1]


@pytest.mark.parametrize("command", ["serve", "export"])
def test_lang_before_serve_or_export_is_refused_not_ignored(command: str) -> None:
    """They follow CHISO_LANG only (the portal's language is the session's): say so."""
    code, output = run("--lang", "en", command)
    assert code == ExitCode.USAGE
    assert "CHISO_LANG" in output


def test_an_invalid_lang_names_the_env_var_in_the_commands_language() -> None:
    code, output = run("score", "--lang", "xx")
    assert code == ExitCode.USAGE
    assert "Giá trị không hợp lệ cho '--lang' (hoặc biến môi trường 'CHISO_LANG')" in output
    assert "env var" not in output


def test_the_version_option_help_follows_the_language() -> None:
    assert "--version       Hiện phiên bản rồi thoát." in run("--help")[1]
    assert "--version       Show the version and exit." in run("--lang", "en", "--help")[1]
