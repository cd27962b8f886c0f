"""The disease-claim patterns the checker applies, each tied to the enforcement it comes from.

Derived from the ``claims_patterns`` and ``claims_enforcement`` sections of the
project's legal research (FDA and FTC warning letters to kratom sellers, 2018 to
2025, and 21 CFR 101.93(g)). Compared with the research file's regexes these
handle inflections (treat, treats, treated, treating, treatment), stay within
one sentence (``_GAP``), and add the implied forms the letters quote ("for
anxiety", "safer alternative to opioids", "natural pain reliever").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PATTERNS", "ClaimPattern"]

#: Up to n characters inside one sentence: claims are judged sentence by sentence.
_GAP = r"[^.!?;:\n]{0,%d}?"


@dataclass(frozen=True)
class ClaimPattern:
    """One kind of disease claim: how to find it and what to write instead."""

    id: str
    kind: str
    regex: re.Pattern[str]
    suggestion: str
    #: Plain mentions of a disease (cancer, stroke): not a claim in a warning or a risk statement.
    harm_context_ok: bool = False


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE | re.VERBOSE)


_EASE = r"""(?:reliev\w*|relief|reduc\w*|lessen\w*|manag\w*|treat\w*|cur(?:e|es|ed|ing)|heal\w*|eliminat\w*
    |eas(?:e|es|ed|ing)|sooth\w*|kill\w*|alleviat\w*|mitigat\w*|numb\w*|fight\w*|combat\w*|calm\w*|lift\w*
    |beat\w*|overcom\w*|conquer\w*|improv\w*|help\w*(?:\s+with)?|support\w*|efficacy\s+in|effective\s+(?:for|against|in))"""
_PAIN = r"""(?:(?:chronic|acute|back|joint|nerve|neuropathic|muscle|musculoskeletal|severe)\s+)?
    (?:pain|aches?|arthritis|fibromyalgia|migraines?|headaches?|neuropathy|sciatica)"""
_MIND = r"""(?:anxiety|anxious\w*|depression|depressive\w*|ptsd|panic(?:\s+attacks)?|bipolar|adhd|insomnia
    |mental[- ]health|mood\s+disorders?|stress\s+disorders?)"""
_OPIOID = r"(?:opioids?|opiates?|heroin|fentanyl|oxy(?:codone|contin)?|morphine|methadone|suboxone|painkillers?|pain\s?pills?)"
_ADDICTION = r"(?:addiction\w*|dependen(?:ce|cy)|habits?|use\s+disorders?|abuse|cravings?)"
_ADDICTIVE = r"addictive\s+behaviou?rs?"

PATTERNS: tuple[ClaimPattern, ...] = (
    ClaimPattern(
        "opioid_addiction",
        "opioid addiction claim (FDA letters 2018-2023; FDA-FTC 2022)",
        _p(rf"""\b(?:{_EASE}|quit\w*|stop\w*|kick\w*|break\w*|recover\w*|aid\w*)\b{_GAP % 40}\b{_OPIOID}\b{_GAP % 20}\b{_ADDICTION}
            |\b(?:{_EASE}|aid\w*|assist\w*)\b{_GAP % 40}\b(?:addiction|use\s+disorders?|recovery|cravings?|dependence\s+on|{_ADDICTIVE})\b
            |\baddiction\s+(?:recovery|treatment|support)\b|\bfor\s+(?:{_OPIOID}\s+)?(?:addiction|use\s+disorders?)\b"""),
        "Remove it: linking the product to addiction, cravings or recovery is a drug claim. "
        "Write 'If you are worried about substance use, talk to a clinician.'",
    ),
    ClaimPattern(
        "opioid_withdrawal",
        "opioid withdrawal claim (KratomNC 2019; 2023 letter)",
        _p(rf"""\b{_OPIOID}\s+withdrawal\b|\bwithdrawal\s+(?:relief|support|aid|remed\w*|help)\b
            |\b{_EASE}\b{_GAP % 30}\bwithdrawal\b"""),
        "Remove it: any promise about withdrawal is a drug claim. "
        "Say only that regular use can itself cause dependence, with a citation.",
    ),
    ClaimPattern(
        "wean_off_drugs",
        "substance-use cessation claim (FDA-FTC 2022: alcohol, nicotine or other drugs)",
        _p(rf"""\b(?:wean\w*|taper\w*|get(?:ting)?\s+off|come\s+off|detox\w*(?:\s+from)?|removes?\s+the\s+habit)\b{_GAP % 30}
            \b(?:{_OPIOID}|alcohol|nicotine|drugs?)\b"""),
        "Remove it: do not present the product as a way to stop using any drug.",
    ),
    ClaimPattern(
        "drug_substitute",
        "substitute for drug therapy (21 CFR 101.93(g)(2)(vi))",
        _p(rf"""\b(?:alternatives?|substitutes?|replacements?|instead\s+of|swap\w*|transitional\s+aid)\b{_GAP % 30}
            \b(?:{_OPIOID}|medications?|medicines?|meds|prescriptions?|antidepressants?|drugs?|therap\w+)\b
            |\b(?:safer|natural|less\s+(?:harmful|addictive)|healthier)\s+(?:alternative|option|substitute|choice)"""),
        "Remove the comparison: do not present kratom as a substitute for, or safer than, any medicine.",
    ),
    ClaimPattern(
        "drug_comparison",
        "comparison to morphine or opioid drugs (KratomNC 2019; 2023 letter)",
        _p(r"""\b(?:acts?|acting|works?|working|binds?|behaves?)\s+(?:like|as)\s+(?:a\s+|an\s+)?(?:morphine|opioid|opiate|painkiller)
            |\b(?:mu|μ|µ)[- ]?opioid[- ]receptor|\b(?:similar\s+to|same\s+as|comparable\s+to|just\s+like)\s+(?:opiate|opioid|morphine)"""),
        "Remove the drug comparison; in education content say 'binds to opioid receptors as a partial agonist' with a citation.",
    ),
    ClaimPattern(
        "pain",
        "pain claim (FDA letters 2018, 2019, 2022, 2025)",
        _p(rf"""\b{_EASE}\b{_GAP % 25}\b{_PAIN}\b|\bpain[- ]?(?:relie\w+|killer\w*|killing|management|free)\b
            |\b(?:analgesic|anti-?inflammatory|painkilling)\b|\bfor\s+(?:your\s+)?{_PAIN}\b|\b{_PAIN}\s+sufferers?\b"""),
        "Describe the product, not an effect on pain (e.g. 'dried leaf powder, 100 g'); in education content "
        "report a study's design and limits instead.",
    ),
    ClaimPattern(
        "mental_health",
        "anxiety, depression or mental-health claim (FDA letters 2019, 2022, 2025)",
        _p(rf"""\b{_EASE}\b{_GAP % 25}\b{_MIND}\b|\banti-?(?:anxiety|depressants?|depressive)\b|\banxiolytic\w*
            |\bfor\s+(?:your\s+)?{_MIND}\b|\bmood\s+disorders?\b"""),
        "Do not link the product to a mental-health condition; report what a study measured, in whom, "
        "and its limits, or write 'talk to a doctor'.",
    ),
    ClaimPattern(
        "mood",
        "implied mental-health claim (FDA-FTC 2022: 'emotional or mental health')",
        _p(r"""\b(?:enhanc\w*|elevat\w*|improv\w*|boost\w*|lift\w*|regulat\w*|stabili[sz]\w*)\s+(?:your\s+|the\s+)?mood
            |\bmood[- ](?:enhanc\w*|boost\w*|regulat\w*|elevat\w*|lift\w*|improv\w*|support\w*)"""),
        "Remove mood promises; describe the product itself.",
    ),
    ClaimPattern(
        "cardio_metabolic",
        "cardiovascular or metabolic disease claim (2018, 2019, 2022 letters)",
        _p(r"""\b(?:lower\w*|reduc\w*|regulat\w*|control\w*|normali[sz]\w*|balanc\w*)\s+(?:your\s+)?(?:blood\s+pressure|blood\s+sugar|glucose|cholesterol)
            |\b(?:hypertension|diabetes|diabetic)\b"""),
        "Remove the disease reference.",
        harm_context_ok=True,
    ),
    ClaimPattern(
        "cancer",
        "cancer claim (2018, 2019 letters)",
        _p(r"\b(?:cancer|tumou?rs?|anti-?cancer|carcinoma|leuka?emia|chemotherapy)\b"),
        "Remove the disease reference.",
        harm_context_ok=True,
    ),
    ClaimPattern(
        "neurological",
        "neurological disease claim (2018 letters: neuron damage from strokes)",
        _p(r"\b(?:strokes?|neuron(?:al)?\s+damage|neuroprotect\w*|alzheimer'?s|parkinson'?s|seizures?|epilep\w*)\b"),
        "Remove the disease reference.",
        harm_context_ok=True,
    ),
    ClaimPattern(
        "disease_verbs",
        "express disease claim (21 CFR 101.93(g))",
        _p(rf"""\b(?:cur(?:e|es|ed|ing)|treat(?:s|ed|ing|ments?)?|heal(?:s|ed|ing)?|prevent(?:s|ed|ing|ion)?|diagnos\w+
            |remed(?:y|ies)|therap(?:y|ies)|medicine)\b{_GAP % 30}\b(?:diseases?|illness\w*|ailments?|conditions?|disorders?
            |symptoms?|infections?|sickness\w*|patients?|sufferers?)\b
            |\b(?:cure-?all|miracle|wonder\s+(?:herb|plant|drug))\b|\b(?:medicinal|therapeutic)\s+(?:uses?|benefits?|properties
            |effects?|potential|value|applications?)\b|\b(?:natural|herbal|traditional)\s+(?:medicine|remed\w+|treatment)
            |\b(?:promising|new|effective)\s+(?:\w+\s+)?(?:therapy|treatment|remedy)\b|\b(?:therapy|treatment|medicine|remedy)\s+for\b
            |\btreatment\s+(?:efficacy|option)s?\b"""),
        "Remove the disease verb; describe what the product is (leaf, form, amount, lab testing).",
    ),
    ClaimPattern(
        "anti_infective",
        "disease claim via an anti- prefix (21 CFR 101.93(g)(2))",
        _p(r"\banti-?(?:viral|bacterial|microbial|biotic)\b|\b(?:fights?|prevents?|kills?)\s+(?:infections?|covid\w*|flu|virus\w*|bacteria)"),
        "Remove it.",
    ),
    ClaimPattern(
        "approval_or_proof",
        "false approval or substantiation claim (FTC; FDA says no kratom product is approved)",
        _p(r"""\bFDA[- ](?:approved|certified|registered\s+product)\b|\b(?:clinically|scientifically|medically)\s+(?:proven|tested|shown)
            |\bdoctor[- ]recommended\b|\bproven\s+to\b"""),
        "Remove it: no kratom product is FDA-approved or proven for any use.",
    ),
    ClaimPattern(
        "safety",
        "unqualified safety claim (Klarity Kratom, Kratom Exchange 2022)",
        _p(r"""\b(?:100%\s+|completely\s+|perfectly\s+|totally\s+)safe\b|\b(?:no|without|zero)\s+(?:side|adverse)\s+effects\b
            |\bnon-?addictive\b|\bnon-?habit[- ]forming\b|\bless\s+addictive\b|\bsafer\s+than\b"""),
        "Remove it: list the known risks (dependence, side effects) instead.",
    ),
)
