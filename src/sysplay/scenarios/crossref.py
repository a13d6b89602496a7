"""Cross-reference checks and lint: ids exist and are unique, expressions compile, no algebraic loops."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sysplay.errors import Issue
from sysplay.scenarios.expr import ExprError, compile_expr
from sysplay.scenarios.models import Effects, Pack
from sysplay.scenarios.names import outcome_names, self_names, system_names
from sysplay.scenarios.vocab import HIDDEN_FACTS

Loc = tuple[str | int, ...]


class Checker:
    """Collects issues against positions in the pack's files."""

    def __init__(self, pack: Pack, origin: Any) -> None:
        self.pack = pack
        self.origin = origin
        self.issues: list[Issue] = []
        self.actor_ids = {a.id for a in pack.actors}
        self.stock_ids = set(pack.system.stocks)
        self.unknown = 0
        self._sorted_cache: dict[int, tuple[set[str], list[str]]] = {}

    def add(self, loc: Loc, message: str, severity: str = "error", *, key: bool = False) -> None:
        """Record an issue at ``loc`` of the merged pack."""
        if self.origin is None:
            path, line, col = "<pack>", 1, 1
        else:
            base = self.origin.locate(loc, key=key)
            path, line, col = base.path, base.line, base.col
        self.issues.append(Issue(path, line, col, message, severity))  # type: ignore[arg-type]

    def unique(self, section: str | Loc, ids: Iterable[str], what: str) -> None:
        """Report ids used twice in one list, naming both items as paths are named (``actors.0``, from 0)."""
        prefix = (section,) if isinstance(section, str) else tuple(section)
        name = ".".join(map(str, prefix))
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                first, here = (*prefix, seen[ident], "id"), (*prefix, index, "id")
                self.add(here, f"{what} id '{ident}' is used twice: {name}.{index} has the same id as "
                               f"{name}.{seen[ident]}{self._where_is(first, here)}")
            else:
                seen[ident] = index

    def _where_is(self, loc: Loc, here: Loc) -> str:
        """`` (line 12)``, or `` (other.yaml:12)`` when ``loc`` is in another file than ``here``."""
        if self.origin is None:
            return ""
        there, this = self.origin.locate(loc), self.origin.locate(here)
        return f" (line {there.line})" if there.path == this.path else f" ({there.path}:{there.line})"

    def ref(self, loc: Loc, ident: str, known: set[str], what: str) -> None:
        """Report a reference to an id that does not exist (with a suggestion for the first few)."""
        if ident not in known:
            self.unknown += 1
            hint = ""
            if self.unknown <= 20:
                from difflib import get_close_matches

                near = get_close_matches(ident, self._sorted(known), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
            self.add(loc, f"unknown {what} '{ident}'{hint}")

    def _sorted(self, known: set[str]) -> list[str]:
        key = id(known)
        if key not in self._sorted_cache:
            self._sorted_cache[key] = (known, sorted(known))
        return self._sorted_cache[key][1]

    def expression(self, loc: Loc, source: str | None, names: dict[str, str]) -> frozenset[str]:
        """Compile an expression against the names it may read; report errors."""
        if source is None:
            return frozenset()
        try:
            compiled = compile_expr(source, names)
        except ExprError as exc:
            self.add(loc, f"in expression {source!r}: {exc.message} (at character {exc.col})")
            return frozenset()
        self.pack._exprs[source] = compiled
        return compiled.names

    def effects(self, loc: Loc, effects: Effects | None) -> None:
        """Check the ids an effects block names."""
        if effects is None:
            return
        for key in effects.metric:
            self.ref((*loc, "metric", key), key, self.stock_ids, "stock")
        for key in effects.metric_scaled:
            self.ref((*loc, "metric_scaled", key), key, self.stock_ids, "stock")
        for key in effects.set:
            self.ref((*loc, "set", key), key, set(self.pack.system.params), "parameter")
        for key in effects.add:
            self.ref((*loc, "add", key), key, set(self.pack.system.params), "parameter")
        if effects.keep_if is not None:
            self.expression((*loc, "keep_if"), effects.keep_if, system_names(self.pack))

    def knows(self, loc: Loc, spec: str) -> None:
        """Check an ``actor.fact`` reference: the actor exists and has that fact to learn."""
        actor_id, _, fact = spec.partition(".")
        if actor_id not in self.actor_ids:
            self.ref(loc, actor_id, self.actor_ids, "actor")
            return
        actor = self.pack.actor(actor_id)
        facts = {f.id for f in actor.facts}
        if fact not in HIDDEN_FACTS and fact not in facts:
            choices = ", ".join(sorted(facts)) or "none"
            self.add(loc, f"{actor_id} has no fact '{fact}' (its facts: {choices}; or a hidden number such as concern)")


def check_pack(pack: Pack, origin: Any = None, *, lint: bool = True) -> list[Issue]:
    """Every cross-reference error (and, with ``lint``, every lint warning) for ``pack``."""
    from sysplay.scenarios.lint import lint_pack

    c = Checker(pack, origin)
    _check_counts(c)
    _check_ids(c)
    _check_system(c)
    _check_actors(c)
    _check_interventions(c)
    _check_events(c)
    _check_outcomes(c)
    _check_tests(c)
    _check_actor_moves(c)
    _check_presets(c)
    if lint and not any(i.severity == "error" for i in c.issues):
        lint_pack(c)
    return c.issues


def _check_counts(c: Checker) -> None:
    p = c.pack
    if len(p.actors) < 2:
        c.add(("actors",), "a pack needs at least two actors")
    if not p.interventions:
        c.add(("interventions",), "a pack needs at least one intervention")
    if not p.endings:
        c.add(("endings",), "a pack needs at least one ending")
    elif not any(e.when is None and e.at == "end" for e in p.endings):
        c.add(("endings",), "add a fallback ending with no 'when' (at: end), so every game can end")


def _check_ids(c: Checker) -> None:
    p = c.pack
    c.unique("actors", (a.id for a in p.actors), "actor")
    c.unique("interventions", (i.id for i in p.interventions), "intervention")
    c.unique("events", (e.id for e in p.events), "event")
    c.unique("endings", (e.id for e in p.endings), "ending")
    c.unique("prompts", (x.id for x in p.prompts), "prompt")
    c.unique("actor_moves", (m.id for m in p.actor_moves), "actor move")
    c.unique(("outcome", "dimensions"), (d.id for d in p.outcome.dimensions), "dimension")
    sysm = p.system
    seen: dict[str, str] = {}
    for section in ("params", "random_params", "variables", "stocks", "flows", "delays"):
        for name in getattr(sysm, section):
            if name in seen:
                c.add(("system", section, name), f"'{name}' is already a name in system.{seen[name]}", key=True)
            seen[name] = section
    _check_generated(c)
    generated = set(system_names(p)) - set(seen)
    for name, section in seen.items():
        if name in generated or name in ("outcome",) or name.startswith("dim_"):
            c.add(("system", section, name), f"'{name}' clashes with a built-in name; choose another", key=True)


def _check_generated(c: Checker) -> None:
    """Names made from ids (chose_<event>_<choice>, used_<move>...) must not collide."""
    p = c.pack
    made: dict[str, str] = {}
    for ei, ev in enumerate(p.events):
        for ci, ch in enumerate(ev.choices):
            name = f"chose_{ev.id}_{ch.id}"
            if name in made:
                c.add(("events", ei, "choices", ci, "id"), f"the name '{name}' is ambiguous: {made[name]} makes it too; rename one")
            made[name] = f"event '{ev.id}', choice '{ch.id}'"


def _check_system(c: Checker) -> None:
    sysm, names = c.pack.system, system_names(c.pack)
    deps: dict[str, frozenset[str]] = {}
    for vid, source in sysm.variables.items():
        deps[vid] = c.expression(("system", "variables", vid), source, names)
    for fid, flow in sysm.flows.items():
        deps[fid] = c.expression(("system", "flows", fid, "expr"), flow.expr, names)
        for end, ident in (("to", flow.to), ("from", flow.source)):
            if ident is not None:
                c.ref(("system", "flows", fid, end), ident, c.stock_ids, "stock")
    for did, delay in sysm.delays.items():
        c.expression(("system", "delays", did, "expr"), delay.expr, names)
        c.ref(("system", "delays", did, "to"), delay.to, c.stock_ids, "stock")
    if "strain" in c.expression(("system", "strain"), sysm.strain, names):
        c.add(("system", "strain"), "strain cannot read strain itself")
    cycle = find_cycle(deps)
    if cycle:
        loop = " -> ".join([*cycle, cycle[0]])
        section = "variables" if cycle[0] in sysm.variables else "flows"
        c.add(("system", section, cycle[0]), f"algebraic loop: {loop} (a loop must pass through a stock or a delay)", key=True)


def find_cycle(deps: dict[str, frozenset[str]]) -> list[str]:
    """A cycle among ``deps`` (name -> names it reads, restricted to keys), or [] if none."""
    state: dict[str, int] = {}
    for start in sorted(deps):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(n for n in deps[start] if n in deps))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return path[path.index(nxt):]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(n for n in deps[nxt] if n in deps)))
    return []


def _check_actors(c: Checker) -> None:
    pairs: dict[tuple[str, str], int] = {}
    for index, rel in enumerate(c.pack.relationships):
        c.ref(("relationships", index, "from"), rel.source, c.actor_ids, "actor")
        c.ref(("relationships", index, "to"), rel.target, c.actor_ids, "actor")
        directions = [(rel.source, rel.target)] + ([(rel.target, rel.source)] if rel.mutual else [])
        for pair in directions:
            if pair in pairs:
                c.add(("relationships", index), f"the tie {pair[0]} -> {pair[1]} is already given by relationship {pairs[pair] + 1}")
            pairs[pair] = index
    events = {e.id for e in c.pack.events}
    names = system_names(c.pack)
    for ai, actor in enumerate(c.pack.actors):
        for vi, line in enumerate(actor.voice):
            if line.after_event is not None:
                c.ref(("actors", ai, "voice", vi, "after_event"), line.after_event, events, "event")
            c.expression(("actors", ai, "voice", vi, "when"), line.when, names)


def _check_interventions(c: Checker) -> None:
    names = system_names(c.pack)
    for index, iv in enumerate(c.pack.interventions):
        loc: Loc = ("interventions", index)
        c.effects((*loc, "effects"), iv.effects)
        if iv.target == "group" and iv.group_min > len(c.pack.actors):
            c.add((*loc, "group_min"), "group_min is larger than the number of actors")
        for ri, req in enumerate(iv.requires):
            rloc: Loc = (*loc, "requires", ri)
            if req.knows is not None:
                c.knows((*rloc, "knows"), req.knows)
            if req.target_knows is not None and req.target_knows not in HIDDEN_FACTS and not any(
                    req.target_knows in {f.id for f in a.facts} for a in c.pack.actors):
                c.add((*rloc, "target_knows"), f"no actor has a fact '{req.target_knows}' to learn")
            if req.known_tie is not None and iv.target != "pair":
                c.add((*rloc, "known_tie"), "known_tie only applies to pair moves")
            if (req.target_knows or req.target_trust_at_least is not None or req.target_stage_at_least) and iv.target in ("none", "all"):
                c.add(rloc, "this requirement needs a targeted move (actor, pair or group)")
            c.expression((*rloc, "when"), req.when, names)


def _check_events(c: Checker) -> None:
    names = system_names(c.pack)
    for index, ev in enumerate(c.pack.events):
        loc: Loc = ("events", index)
        for field in ("when", "start", "stop"):
            c.expression((*loc, field), getattr(ev, field), names)
        for ai, actor in enumerate(ev.actors or ()):
            c.ref((*loc, "actors", ai), actor, c.actor_ids, "actor")
        c.effects((*loc, "effects"), ev.effects)
        c.effects((*loc, "while_active"), ev.while_active)
        for ci, choice in enumerate(ev.choices):
            c.effects((*loc, "choices", ci, "effects"), choice.effects)
            for ri, req in enumerate(choice.requires):
                if req.knows is not None:
                    c.knows((*loc, "choices", ci, "requires", ri, "knows"), req.knows)
                c.expression((*loc, "choices", ci, "requires", ri, "when"), req.when, names)
            for ai, actor in enumerate(choice.actors or ()):
                c.ref((*loc, "choices", ci, "actors", ai), actor, c.actor_ids, "actor")


def _check_outcomes(c: Checker) -> None:
    sys_names, all_names = system_names(c.pack), outcome_names(c.pack)
    for index, dim in enumerate(c.pack.outcome.dimensions):
        c.expression(("outcome", "dimensions", index, "expr"), dim.expr, sys_names)
    for index, ending in enumerate(c.pack.endings):
        c.expression(("endings", index, "when"), ending.when, all_names)
        for pi, para in enumerate(ending.paragraphs):
            c.expression(("endings", index, "paragraphs", pi, "when"), para.when, all_names)
    for index, prompt in enumerate(c.pack.prompts):
        c.expression(("prompts", index, "when"), prompt.when, all_names)


def _check_tests(c: Checker) -> None:
    p = c.pack
    ivs = {i.id for i in p.interventions}
    endings = {e.id for e in p.endings}
    events = {e.id for e in p.events}
    answers = {ch.id for e in p.events for ch in e.choices}
    dilemmas = {e.id: {ch.id for ch in e.choices} for e in p.events if e.choices}
    for index, test in enumerate(p.tests):
        loc: Loc = ("tests", index)
        for ti, turn in enumerate(test.moves or ()):
            for mi, move in enumerate(turn):
                mloc: Loc = (*loc, "moves", ti, mi)
                if move.do is not None:
                    c.ref((*mloc, "do"), move.do, ivs, "intervention")
                    if move.do in ivs:
                        _check_target_count(c, mloc, move.do, len(move.targets))
                for target in move.targets:
                    c.ref((*mloc, "target"), target, c.actor_ids, "actor")
                if move.dilemma is not None:
                    c.ref((*mloc, "dilemma"), move.dilemma, set(dilemmas), "dilemma")
                if move.answer is not None and move.dilemma in dilemmas:
                    c.ref((*mloc, "answer"), move.answer, dilemmas[move.dilemma], f"choice of '{move.dilemma}'")
                elif move.answer is not None:
                    c.ref((*mloc, "answer"), move.answer, answers, "dilemma choice")
        exp = test.expect
        for ident in [exp.ending, *(exp.ending_in or ())]:
            if ident is not None:
                c.ref((*loc, "expect"), ident, endings, "ending")
        for ident in (*exp.events, *exp.not_events):
            c.ref((*loc, "expect"), ident, events, "event")
        for ident in exp.metrics:
            c.ref((*loc, "expect", "metrics", ident), ident, c.stock_ids, "stock")


def _check_actor_moves(c: Checker) -> None:
    names = self_names(c.pack)
    for index, move in enumerate(c.pack.actor_moves):
        loc: Loc = ("actor_moves", index)
        for ai, actor in enumerate(move.actors or ()):
            c.ref((*loc, "actors", ai), actor, c.actor_ids, "actor")
        c.expression((*loc, "urge"), move.urge, names)
        c.effects((*loc, "effects"), move.effects)


def _check_presets(c: Checker) -> None:
    p = c.pack
    c.unique("presets", (x.id for x in p.presets), "difficulty")
    params = set(p.system.params)
    if sum(1 for x in p.presets if x.default) > 1:
        c.add(("presets",), "only one difficulty can be the default")
    for index, preset in enumerate(p.presets):
        for key in preset.params:
            c.ref(("presets", index, "params", key), key, params, "parameter")
        start = preset.starting_capital if preset.starting_capital is not None else p.meta.starting_capital
        most = preset.max_capital if preset.max_capital is not None else p.meta.max_capital
        if start > most:
            c.add(("presets", index), f"difficulty '{preset.id}' starts with {start:g} capital but allows at most {most:g}")
    ids = {x.id for x in p.presets}
    for index, test in enumerate(p.tests):
        if test.difficulty is not None:
            c.ref(("tests", index, "difficulty"), test.difficulty, ids, "difficulty")


def _check_target_count(c: Checker, loc: Loc, iv_id: str, count: int) -> None:
    iv = c.pack.intervention(iv_id)
    low, high = {"none": (0, 0), "all": (0, 0), "actor": (1, 1), "pair": (2, 2),
                 "group": (iv.group_min, iv.group_max)}[iv.target]
    if not low <= count <= high:
        want = "no target" if high == 0 else (f"{low}" if low == high else f"{low} to {high}")
        c.add((*loc, "target"), f"'{iv_id}' takes {want} target(s), but {count} are given")
