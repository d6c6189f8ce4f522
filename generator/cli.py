"""The command line: ``python -m generator build|check|i18n|leaflets``."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from generator import catalog_check, i18n, pipeline
from generator.checks import PLAIN_ENGLISH_GRADE, readability
from generator.citations import citation_coverage
from generator.config import ProjectConfig, load_config
from generator.content import load_content
from generator.errors import GeneratorError, ProblemsError, Severity, has_errors
from generator.organisation import load_organisation

log = logging.getLogger("generator")


def _config(ctx: click.Context) -> ProjectConfig:
    return load_config(ctx.obj["root"], ctx.obj.get("site_url"))


PROGRESS_COMMANDS = ("build", "leaflets")
"""Commands that report their progress unless -q; the others only with -v."""


class _OwnMessages(logging.Filter):
    """Passes the generator's own messages; WeasyPrint's, fontTools' and other libraries' only with -v."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name == "generator" or record.name.startswith("generator.")


def setup_logging(*, progress: bool, verbose: bool) -> None:
    """Send log messages to stderr, one plain line each: progress (INFO) when ``progress``, everything
    down to DEBUG (MkDocs' and WeasyPrint's own messages included) when ``verbose``, else warnings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    if not verbose:
        handler.addFilter(_OwnMessages())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "sta_cli", False)]:
        root.removeHandler(old)  # main() may run more than once in a process (tests)
    handler.sta_cli = True
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    log.setLevel(logging.DEBUG if verbose else logging.INFO if progress else logging.WARNING)


def _output_options(command):
    """``-q`` and ``-v`` after the command name too (``build -q``), as people type them."""
    def chosen(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.obj[param.name] = True
            quiet = ctx.obj["quiet"]
            setup_logging(progress=ctx.info_name in PROGRESS_COMMANDS and not quiet,
                          verbose=ctx.obj.get("verbose", False) and not quiet)

    command = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=chosen,
                           help="Show only warnings and errors (no progress, no summary).")(command)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=chosen,
                        help="Also show MkDocs' and WeasyPrint's own messages.")(command)


def _report_warnings(problems) -> None:
    for problem in problems:
        if problem.severity is Severity.WARNING:
            click.echo(str(problem), err=True)


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="The project folder (holding mkdocs.yml, content/ and translations/).")
@click.option("--site-url", metavar="URL", help="The site's public address (else SITE_URL, else mkdocs.yml): "
              "QR codes on leaflets, canonical links, hreflang and the sitemap use it.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also show every detail: MkDocs' and WeasyPrint's own messages, and progress of every command.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors (no progress, no summary).")
@click.pass_context
def cli(ctx: click.Context, root: Path, site_url: str | None, verbose: bool, quiet: bool) -> None:
    """Build the Safe to Ask guide: a multilingual static site and printable leaflets.

    build and leaflets report each stage and language on stderr as they go (-q: quiet)."""
    setup_logging(progress=ctx.invoked_subcommand in PROGRESS_COMMANDS and not quiet, verbose=verbose and not quiet)
    ctx.ensure_object(dict).update(quiet=quiet, verbose=verbose)
    ctx.obj.update(root=root, site_url=site_url)  # main() passes its own dict, to read
    # "unchanged" after a failure


@cli.command()
@click.option("--lang", "only", multiple=True, metavar="CODE",
              help="Rebuild only these languages (repeatable), keeping the others.")
@click.option("--strict", is_flag=True,
              help="Treat warnings (such as overdue reviews) as errors, and stop on pages no adviser has checked.")
@click.option("--clean", is_flag=True,
              help="Lay out every leaflet and read every catalog afresh, ignoring (and refreshing) build/cache/.")
@_output_options
@click.pass_context
def build(ctx: click.Context, only: tuple[str, ...], strict: bool, clean: bool) -> None:
    """Check everything, then build site/ (all languages, or some with --lang)."""
    started = time.monotonic()
    report = pipeline.build(_config(ctx), only=only, strict=strict, clean=clean)
    _report_warnings(report.warnings)
    if not ctx.obj["quiet"]:
        click.echo(f"Built {len(report.languages)} language(s) into site/ in {took(time.monotonic() - started)}.")


def took(seconds: float) -> str:
    """A duration as people say it.

    >>> took(4.26), took(92.4), took(3600)
    ('4.3 s', '1 min 32 s', '60 min 0 s')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


@cli.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors, and report pages no adviser has checked.")
@_output_options
@click.pass_context
def check(ctx: click.Context, strict: bool) -> None:
    """Validate content and catalogs; report each English page's reading grade and how much of it cites a source."""
    config = _config(ctx)
    content, problems = pipeline.check(config, strict=strict)
    coverage = {row.page_id: row for row in citation_coverage(content)}
    for row in readability(content):
        mark = "  TOO HARD" if row.too_hard else ""
        audience = "people who need help" if row.for_migrants else "professionals"
        cited = coverage[row.page_id]
        click.echo(f"{row.page_id:24} grade {row.grade:4.1f}  sourced {cited.percent:3d}% "
                   f"({cited.cited}/{cited.claims} texts)  ({audience}){mark}")
    hard = [row.page_id for row in readability(content) if row.too_hard]
    if hard:
        click.echo(f"Above grade {PLAIN_ENGLISH_GRADE:g} (aim lower): {', '.join(hard)}")
    if has_errors(problems, strict=strict):
        raise ProblemsError(problems)
    _report_warnings(problems)
    click.echo("Content and catalogs are valid.")


@cli.command()
@click.option("--org", "org_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="YAML file with your organisation's name, address, phone and logo (see examples/org.yml).")
@click.option("--lang", "codes", multiple=True, metavar="CODE", help="Only these languages (repeatable).")
@click.option("--only", "names", multiple=True, metavar="NAME",
              help="Only these leaflets (repeatable), e.g. --only gp-poster-a4 --only reception-card-a6.")
@click.option("--sheet", type=click.Choice(["a4"]),
              help="Also lay A5 leaflets two and A6 cards four to an A4 sheet, with crop marks.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build/leaflets"),
              help="Where to write the PDFs, one folder per language.")
@_output_options
@click.pass_context
def leaflets(ctx: click.Context, org_file: Path | None, codes: tuple[str, ...], names: tuple[str, ...],
             sheet: str | None, out: Path) -> None:
    """Print every leaflet, poster and card as PDF, personalised with --org."""
    ctx.obj["unchanged"] = f"{out}/"  # what a failure leaves untouched, for the message in main()
    config = _config(ctx)
    languages = [config.language(code) for code in dict.fromkeys(codes)] or list(config.languages)
    organisation, logo = load_organisation(org_file) if org_file else (None, None)
    content, problems = pipeline.check(config, [lang for lang in languages if lang != config.source_lang])
    known = [leaflet.id for leaflet in content.leaflets]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.BadParameter(f"no leaflet called {', '.join(unknown)}; choose from {', '.join(known)}",
                                 param_hint="--only")
    if has_errors(problems):
        raise ProblemsError(problems)
    _report_warnings(problems)
    target = out if out.is_absolute() else config.root / out
    paths = pipeline.write_site_leaflets(config, content, languages, target, organisation, logo, previews=False,
                                         subfolder="", org_file=org_file, only=tuple(names), sheet=sheet == "a4")
    if not paths:
        raise click.UsageError("none of the chosen leaflets is printed in the chosen languages "
                               "(the guides for professionals are English only)")
    if not ctx.obj["quiet"]:
        click.echo(f"Wrote {len(paths)} PDF(s) into {out}/.")


@cli.group(name="i18n")
def i18n_group() -> None:
    """Translation catalogs: extract, update, compile, status, init."""


def _catalogs_config(ctx: click.Context) -> ProjectConfig:
    """The project config, once every catalog reads cleanly and holds no trap phrase."""
    config = _config(ctx.parent)
    problems = catalog_check.check_catalogs(config, None)
    if has_errors(problems):
        raise ProblemsError(problems)
    return config


@i18n_group.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write translations/content.pot from the English content."""
    config = _catalogs_config(ctx)
    changed = i18n.extract(config, load_content(config.root))
    click.echo("translations/content.pot " + ("updated." if changed else "unchanged."))


@i18n_group.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Merge the template into every catalog; changed English becomes fuzzy."""
    config = _catalogs_config(ctx)
    i18n.extract(config, load_content(config.root))
    for path in i18n.update_catalogs(config):
        click.echo(f"updated {config.relative(path)}")


@i18n_group.command(name="compile")
@click.pass_context
def compile_(ctx: click.Context) -> None:
    """Compile catalogs to build/locale/<lang>/LC_MESSAGES/content.mo."""
    config = _catalogs_config(ctx)
    for path in i18n.compile_catalogs(config):
        click.echo(f"compiled {config.relative(path)}")


@i18n_group.command()
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/translation-status.json"), help="Where to write the JSON table.")
@click.pass_context
def status(ctx: click.Context, json_path: Path) -> None:
    """Print how complete and how checked each language is, and write it as JSON."""
    config = _catalogs_config(ctx)
    rows = catalog_check.language_status(config, load_content(config.root))
    click.echo(f"{'language':24} {'done':>5} {'fuzzy':>6} {'missing':>8}  status    reviewer")
    for row in rows:
        click.echo(f"{row.name + ' (' + row.code + ')':24} {row.percent:>4}% {row.fuzzy:>6} "
                   f"{row.untranslated:>8}  {row.status:9} {row.reviewer}")
    catalog_check.write_status_json(rows, config.root / json_path)
    click.echo(f"Wrote {json_path}.")


@i18n_group.command()
@click.argument("code")
@click.pass_context
def init(ctx: click.Context, code: str) -> None:
    """Start a catalog for language CODE (listed in translations/languages.yml)."""
    config = _catalogs_config(ctx)
    i18n.extract(config, load_content(config.root))
    click.echo(f"created {config.relative(i18n.init_catalog(config, code))}")


@i18n_group.command()
@click.argument("code")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build/review"),
              help="Where to write the kit, one folder per language.")
@click.pass_context
def review(ctx: click.Context, code: str, out: Path) -> None:
    """Write a review kit for language CODE: side-by-side HTML and PDF, and a spreadsheet for corrections."""
    from generator.review_kit import write_review_kit

    config = _config(ctx.parent)
    for path in write_review_kit(config, code, out if out.is_absolute() else config.root / out):
        click.echo(f"wrote {config.relative(path)}")


@i18n_group.command(name="import-review")
@click.argument("code")
@click.argument("sheet", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--reviewer", default="", metavar="NAME", help="Who reviewed (noted with their comments).")
@click.option("--approve", is_flag=True, help="Record that the reviewer approved the whole language.")
@click.pass_context
def import_review(ctx: click.Context, code: str, sheet: Path, reviewer: str, approve: bool) -> None:
    """Merge a filled-in review sheet (.xlsx or .csv) into CODE's catalog: every row passes, or none is applied."""
    from generator.review_import import import_review as merge

    result = merge(_config(ctx.parent), code, sheet, reviewer=reviewer, approve=approve)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{result.catalog}: {result.corrected} correction(s), {result.comments} comment(s)"
               + (f", {result.skipped} unchanged row(s) skipped (English changed since the sheet was made)"
                  if result.skipped else "")
               + (f"; approved by {reviewer}." if result.approved else "."))


def main() -> None:
    """Entry point: run the CLI, printing user errors without a traceback."""
    obj: dict = {}
    try:
        cli(standalone_mode=False, obj=obj)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except GeneratorError as error:
        click.echo(f"Error: {error}" if not isinstance(error, ProblemsError) else str(error), err=True)
        if isinstance(error, ProblemsError):
            count = sum(p.severity is Severity.ERROR for p in error.problems)
            click.echo(f"Build stopped: {count or len(error.problems)} problem(s). "
                       f"{obj.get('unchanged', 'site/')} was not changed.", err=True)
        sys.exit(1)
