"""The last few turns of each conversation (a DM channel or a thread), so follow-ups work.

Bounded twice: a few turns per conversation (older context confuses more than it helps) and a
fixed number of conversations, least recently used forgotten first, so memory stays flat
however many people talk to the bot.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from bot.answer.followup import Turn
from bot.models import Answer

TURNS = 3
MAX_CONVERSATIONS = 2000
IDLE_S = 6 * 3600.0


class ConversationMemory:
    def __init__(
        self,
        turns: int = TURNS,
        max_conversations: int = MAX_CONVERSATIONS,
        idle_s: float = IDLE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.turns = turns
        self.max_conversations = max_conversations
        self.idle_s = idle_s
        self._clock = clock
        self._conversations: OrderedDict[int, tuple[float, deque[Turn]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._conversations)

    def history(self, key: int) -> tuple[Turn, ...]:
        """Turns of conversation ``key``, oldest first; empty after a long silence."""
        entry = self._conversations.get(key)
        if entry is None:
            return ()
        last, turns = entry
        if self._clock() - last > self.idle_s:
            del self._conversations[key]
            return ()
        return tuple(turns)

    def add(self, key: int, answer: Answer) -> None:
        """Remember ``answer`` under the standalone question it answered."""
        _, turns = self._conversations.pop(key, (0.0, deque(maxlen=self.turns)))
        turns.append(Turn(standalone_question(answer), answer.text))
        self._conversations[key] = (self._clock(), turns)
        while len(self._conversations) > self.max_conversations:
            self._conversations.popitem(last=False)

    def reset(self, key: int) -> None:
        self._conversations.pop(key, None)


def standalone_question(answer: Answer) -> str:
    """The question as the service understood it (a follow-up made standalone)."""
    return answer.standalone or answer.question
