"""Training sentences for the kinds of hate (and of not-hate) that tweets and news data rarely hold.

Threats, dehumanisation, implicit derogation, hate phrased as a question or an opinion, and on the
other side counter-speech, "I don't hate X", profanity at no one and harsh criticism of states and
governments. Written for training only and deliberately worded apart from the functional test
cases (rejoinder/moderation/evaluation/functional_cases.json); training/train.py checks that no
training sentence equals a test case after normalisation. Labels: toxicity, insult,
identity_attack.
"""

from __future__ import annotations

GROUP_TERMS = (
    "women", "immigrants", "muslims", "jews", "gays", "refugees", "blacks", "asians",
    "arabs", "hindus", "latinos", "christians", "lesbians", "catholics", "mexicans", "africans",
)  # fmt: skip

HATEFUL = (
    "someone should put every last one of the {t} in the ground",
    "we are coming for the {t}, one house at a time",
    "the {t} round here had better watch their backs tonight",
    "i would happily watch the {t} burn",
    "the only good {t} is a dead one",
    "all {t} ought to be locked up and forgotten",
    "{t} should be stripped of every right they have",
    "{t} are cockroaches and should be treated like them",
    "{t} are a cancer eating this nation alive",
    "{t} breed like rats",
    "{t} are nothing but parasites on decent people",
    "{t} are barely more than animals",
    "the {t} are ruining our streets and everyone knows it",
    "you can't trust {t} with anything, they are born liars",
    "this town was decent before the {t} showed up",
    "keep your kids away from the {t}",
    "we'd all be better off if the {t} just disappeared",
    "{t} have no place in a civilised country",
    "{t} are too stupid to run anything",
    "{t} are filthy, lazy and violent",
    "why are {t} always such disgusting creatures?",
    "who actually thinks {t} are people?",
    "honestly, i think {t} are a lower form of life",
    "in my view the {t} are a plague on society",
    "the mere sight of {t} turns my stomach",
    "i loathe the {t} more than anything on earth",
    "{t} will never be equal to normal people",
    "{t} are a waste of oxygen and tax money",
    "there is no such thing as a decent {t}",
    "i met a group of {t} at the station. they were vermin, like all of them.",
    "the {t} keep asking for respect. they deserve none, they are scum.",
    "{t} want to be treated as equals but they are subhuman",
)  # fmt: skip

NOT_HATEFUL = (
    "i really don't hate {t}, i just disagree with this article",
    "nobody should ever say that {t} are worthless",
    "there is nothing wrong with being one of the {t}",
    "i'd never call {t} animals, that is disgusting talk",
    "it is not true that {t} are criminals",
    "saying that {t} are vermin is vile and it has to stop",
    "the man on the train shouted that {t} are scum. that is hate, plain and simple.",
    "if you think {t} are subhuman, you are the problem here",
    "posts calling {t} a plague should be taken down",
    "calling for violence against {t} is a crime and should be reported",
    "i am sick of the abuse that {t} get online",
    "hate against {t} has no place on this site",
    "we stand with the {t} who were attacked last week",
    "the {t} in my street are wonderful neighbours",
    "{t} deserve the same rights as everyone else",
    "many {t} work night shifts in our hospitals",
    "a group of {t} addressed the council about school funding",
    "the {t} who live here say the rent rises are hurting them",
    "{t} marched through the city centre on saturday",
    "the survey found most {t} support the new transit line",
    "{t} in the region are worried about the factory closing",
    "the charity helps {t} find jobs and housing",
    "two {t} were elected to the board last night",
    "the paper asked {t} how they manage rising bills",
    "{t} told the committee the plan would not work",
    "{t} said they were pleased with the new school",
    "{t} attending the hearing asked for more time",
    "{t} called on the city to repair the roads",
    "{t} voted against the proposal on tuesday",
    "{t} spoke to reporters after the vote",
    "{t} gathered at the library to talk about the election",
    "{t} gave evidence at the inquiry",
    "the council heard from {t} who take the bus every day",
    "{t} raised money for the flood victims",
    "{t} have been part of this town's history for a century",
    "the minister met {t} to discuss the new law",
)  # fmt: skip

# Harsh but legitimate: criticism of states, governments, parties and policies, and profanity
# that attacks no one. A politics desk must not see these flagged.
CRITICISM = (
    "china is a bully in the south china sea and everyone knows it",
    "beijing's government is authoritarian and cannot be trusted on trade",
    "russia is a land-grabbing dictatorship and should be sanctioned harder",
    "the kremlin lies about everything, as usual",
    "washington is pushing japan into a war it does not need",
    "this government is incompetent and the budget is a disgrace",
    "the ministry's secrecy rules are a joke",
    "the opposition party has no plan at all, just slogans",
    "the senate is a circus and this bill is garbage",
    "north korea's regime is brutal and dangerous",
    "the prime minister's policy is a disaster for pensioners",
    "this treaty is a terrible deal for taxpayers",
    "holy shit, what a result for the home team",
    "damn, i wish i had read this article sooner",
    "fuck yes, the bridge is finally open",
    "this is a bloody brilliant piece of reporting",
    "the weather this week has been shit",
    "the train company's app is a useless heap of junk",
    "what a crap game last night, the referee was blind",
    "the new parking rules are stupid and nobody follows them",
)  # fmt: skip


def functional_rows() -> tuple[list[str], list[tuple[bool, bool, bool]]]:
    """Texts and (toxicity, insult, identity_attack) labels."""
    texts: list[str] = []
    labels: list[tuple[bool, bool, bool]] = []
    for template in HATEFUL:
        for term in GROUP_TERMS:
            texts.append(template.format(t=term))
            labels.append((True, False, True))
    for template in NOT_HATEFUL:
        for term in GROUP_TERMS:
            texts.append(template.format(t=term))
            labels.append((False, False, False))
    for sentence in CRITICISM:
        texts.append(sentence)
        labels.append((False, False, False))
    return texts, labels
