"""sysplay.engine: game state, turn resolution, dynamics, randomness, the causal ledger, personas."""

#: Bumped whenever the same pack, seed and moves would give different states (saves record it,
#: so a replay that does not match can say whether the engine changed).
ENGINE_VERSION = 2

#: The personas that can play a game, in the order reports list them (``engine/personas.py`` plays them;
#: the commands offer them from here, so choosing one does not load the engine).
PERSONAS = ("random", "heroic_director", "avoider", "curious_convenor", "coalition_builder", "optimiser")
