"""A fictional 26-person network to print and look at: the Moreau-Diallo family of
../shared/SCENARIOS.md grown with cousins, hostile names, Arabic and Hebrew names and
long names. Julien Moreau, Lina's father, is flagged "not safe": never printed."""
from __future__ import annotations

from dataclasses import dataclass

from conference.domain.enums import InvitationStatus, Relation, Support, TieKind
from conference.domain.model import Participant, Tie

ARABIC = "سارة بن علي"
HEBREW = "מרים כהן"
HOSTILE = "<img src=x onerror=alert(1)>"
LONG = "Paire aidante de l'association départementale des parents d'élèves du collège"

F, FR, N, C, P, PRO, X, T = (Relation.FAMILY, Relation.FRIEND, Relation.NEIGHBOUR, Relation.COLLEAGUE,
                             Relation.PEER_SUPPORTER, Relation.PROFESSIONAL, Relation.EXPERT,
                             Relation.TRUSTED_PERSON)
PEOPLE = (
    ("Lina", F, None), ("Awa Diallo", F, 1), ("Mamie Mariam", F, 1), ("Oncle Karim", F, 1),
    ("Marraine Inès", F, 1), ("Tante Sophie Moreau", F, 2), ("Cousin Yanis", F, 2), ("Cousine Aïcha", F, 2),
    (ARABIC, F, 2), ("Grand-oncle Mamadou Diallo-Fernandes", F, 3), ("Tonton \"Dédé\"", F, 3),
    ("M. Lefort (voisin)", N, 2), (HEBREW, N, 3), ("Mme Nguyễn du 3e étage", N, 3),
    ("Amie de maman, Fatou", FR, 1), (HOSTILE, FR, 2), ("Ça & <b>va</b>", FR, 3),
    ("Coach de foot de Lina", C, 3), ("Collègue d'Awa, Pauline", C, 2),
    (LONG, P, 3), ("Infirmière scolaire", X, 3), ("Éducatrice ASE Mme Roussel", PRO, 2),
    ("Assistante sociale du secteur", PRO, 3), ("Personne de confiance : Odile", T, 1),
    ("Voisine Zoé", N, None), ("Animateur du centre social", C, None),
)


@dataclass(frozen=True)
class Network:
    """The smallest ``NetworkSource``: people and ties."""

    participants: tuple[Participant, ...]
    ties: tuple[Tie, ...] = ()


def family_of_26() -> Network:
    people = [Participant(i, name, relation, ring, is_focal=i == 1,
                          supports=(Support.CHILDCARE,) if i % 4 == 0 else ())
              for i, (name, relation, ring) in enumerate(PEOPLE, 1)]
    people.append(Participant(99, "Julien Moreau", F, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True))
    ties = (Tie(1, 1, 2, TieKind.SUPPORT), Tie(2, 4, 6, TieKind.CONFLICT), Tie(3, 1, 18, TieKind.BROKEN),
            Tie(4, 3, 9, TieKind.SUPPORT), Tie(5, 1, 99, TieKind.CONFLICT), Tie(6, 12, 13, TieKind.SUPPORT))
    assert len(people) == 27  # 26 shown, the father left out
    return Network(tuple(people), ties)
