"""The words of the demo's published case studies, each its own story, so the collection a
newcomer reads is worth reading. All the organisations and people are made up; the kinds of
work are the ones the programme's call lists.

Each entry: the summary, then one answer for each of the template's six sections (how they
worked together, the practicalities, the results, the key factors, general lessons, outcomes
and value). ``FIGURES`` gives a case study's own outcomes in figures.
"""


def _figure(label, value, unit, period, source, evidence, *, invested=None, assured=False):
    return {
        "label": label,
        "value": value,
        "invested": invested,
        "unit": unit,
        "unit_other": "",
        "period": period,
        "source": source,
        "evidence": evidence,
        "assured": assured,
    }


FIGURES = {
    "Sharing difficult budget decisions in Pennine": [
        _figure(
            "People in the co-production group", "24", "people", "2015", "The network's records", 1
        ),
        _figure(
            "Proposals the council accepted",
            "90",
            "percentage",
            "2015",
            "The council's cabinet report",
            2,
        ),
    ],
    "A first employment contract for a user-led partnership": [
        _figure(
            "People who found paid work",
            "42",
            "people",
            "2016 to 2018",
            "Contract monitoring returns",
            2,
            assured=True,
        ),
        _figure(
            "Still in work a year later",
            "74",
            "percentage",
            "2017 to 2019",
            "Follow-up calls by the job coaches",
            2,
        ),
    ],
    "Reporting hate crime where people feel safe": [
        _figure(
            "Reports made through the centres",
            "186",
            "people",
            "2016 to 2018",
            "The forum's reporting records",
            2,
        ),
        _figure(
            "Rise in recorded disability hate crime",
            "115",
            "percentage",
            "2016 to 2018",
            "Police recorded crime figures",
            2,
        ),
    ],
    "Young people shaping their own plans": [
        _figure(
            "Plans with the young person's own section",
            "81",
            "percentage",
            "2017 to 2019",
            "The council's review of a sample of plans",
            2,
            assured=True,
        ),
        _figure(
            "Young people trained as peer mentors",
            "12",
            "people",
            "2017",
            "The alliance's training records",
            1,
        ),
    ],
    "A HealthWatch contract led by disabled people": [
        _figure(
            "People who shared their views",
            "2340",
            "people",
            "2015 to 2019",
            "HealthWatch's records, checked by the council",
            2,
            assured=True,
        ),
    ],
    "Direct payments support reserved for disabled people": [
        _figure(
            "Rise in people taking a direct payment",
            "52",
            "percentage",
            "2014 to 2017",
            "The council's social care records",
            2,
        ),
    ],
}

TEXTS = {
    "A reserved advocacy contract in Coastway": (
        "Coastway County Council reserved its independent advocacy contract for a user-led "
        "organisation, and Coastway Centre for Independent Living has run it since 2014.",
        [
            "The council's advocacy contract had gone to a large national charity three times "
            "running. Disabled people told the council's partnership board that advocates "
            "changed every few months and did not understand local services.\n\nWhen the "
            "contract came up again, the council used the rules that let a public body reserve "
            "a contract for organisations whose purpose is to serve the public and which are "
            "led by the people who use the service. Coastway Centre for Independent Living was "
            "one of two DPULOs that bid.",
            "The contract runs for three years with a break clause after eighteen months.\n\n"
            "- The council's commissioner met the centre's manager every month\n"
            "- Half of the advocates are disabled people, paid the same as other staff\n"
            "- Referrals come from social workers, GPs and people themselves, by phone, text "
            "or a form in Easy Read",
            "Waiting times for an advocate fell from eight weeks to ten days. People who used "
            "the service said their advocate understood what it is like to be told what you can "
            "and cannot do.\n\nThirty-five people with an advocate avoided an emergency care "
            "placement in the first three years, against a small handful the year before.",
            "- A commissioner who knew the reserved-contract rules and was willing to use them\n"
            "- A DPULO that had kept careful records of what people asked it for\n"
            "- A contract price that paid for supervision and training, not only casework",
            "Reserving a contract is lawful and simple when the service fits the rules; ask "
            "your procurement team early. DPULOs should be ready to show how they are run by "
            "disabled people, with their governing documents to hand.",
            "The council's own evaluation, checked by an independent reviewer, found the "
            "service saved more in emergency placements than it cost. The working behind that "
            "figure is shown with the outcomes.",
        ],
    ),
    "A seat for disabled people on the Health and Wellbeing Board": (
        "Northgate Disabled People's Forum took a seat on the Health and Wellbeing Board and "
        "changed how disabled people are supported when they leave hospital.",
        [
            "When Northgate's Health and Wellbeing Board was set up, nobody on it was there to "
            "speak for disabled people. The forum wrote to the board's chair with figures "
            "showing that disabled people were far more likely to go back into hospital within "
            "a month of leaving it.\n\nThe chair offered the forum a seat, first as an observer "
            "and a year later as a full member.",
            "The forum's chair attends every board meeting with a support worker paid for by the "
            "board. Papers arrive two weeks early and in accessible formats.\n\nBefore each "
            "meeting the forum holds an open session for its members, so what the chair says "
            "has been agreed with others.",
            "The board asked the hospital trust to change how it plans discharge for disabled "
            "people: a named contact, a check that equipment is in place at home, and a call "
            "from the forum's peer supporters in the first week.\n\nReadmissions of disabled "
            "people within thirty days fell over the following two years.",
            "- A chair who treated the seat as real, not a token\n"
            "- Support to take part, paid for by the board\n"
            "- Evidence from the forum's own members about what went wrong after discharge",
            "A seat at the table works when the person in it can prepare, and when the people "
            "they represent can shape what they say. Boards should budget for that support.",
            "The figure for hospital admissions avoided comes from the trust's readmission "
            "figures; the forum has not yet compared them with another area, so it is a "
            "measured outcome, not a proven one.",
        ],
    ),
    "Sharing difficult budget decisions in Pennine": (
        "Faced with cuts to day services, Pennine council asked disabled people to help decide "
        "what to keep, and Pennine Independent Living Network ran the process.",
        [
            "Pennine council had to save a fifth of its day-services budget in a single year. "
            "The last time it made cuts of this size, it faced a judicial review and had to "
            "start again.\n\nThis time the director of adult social care asked Pennine "
            "Independent Living Network to run a co-production group of people who used the "
            "services, their families and council officers.",
            "The network recruited twenty-four people, made sure the group included people with "
            "learning disabilities and people from Black and minority ethnic communities, and "
            "paid everyone for their time.\n\nThe group met eight times over four months. "
            "Officers shared the real budget figures, not a summary.",
            "The group found savings the council had not seen, mostly in transport and "
            "buildings, and protected the activities people valued most. The council accepted "
            "almost all of its proposals.\n\nThere was no legal challenge, and complaints about "
            "the changes were a fraction of those after the previous round.",
            "- Honesty from the council about the size of the cut\n"
            "- A DPULO trusted by people on both sides of the table\n"
            "- Time: four months rather than four weeks",
            "Co-production is not a way to make cuts painless, but it makes them fairer and "
            "better informed. It works only if the council is ready to change its plans.",
            "The council's finance team estimates what was saved by avoiding a legal challenge "
            "and a second consultation; the working is shown with the outcomes.",
        ],
    ),
    "A first employment contract for a user-led partnership": (
        "Midlands User-Led Partnership moved into employment support, winning its first "
        "contract to help disabled people into paid work.",
        [
            "The partnership had run peer support groups for ten years. Members kept telling it "
            "that the employment programmes on offer did not understand their impairments, and "
            "that they were sent to interviews for jobs they could not do.\n\nThe combined "
            "authority was looking for new providers for a small employment pilot, and its "
            "commissioner encouraged the partnership to bid.",
            "The commissioner held a bidders' day in an accessible venue and allowed bids to be "
            "sent as video or audio as well as in writing.\n\n- The contract paid part of the "
            "fee up front, so a small organisation could afford to start\n- Job coaches were "
            "disabled people with experience of work\n- Employers were offered free advice on "
            "reasonable adjustments",
            "Forty-two people found paid work of more than sixteen hours a week in the first two "
            "years, and most were still in work a year later.\n\nThe partnership now holds two "
            "further employment contracts and employs six job coaches.",
            "- Payment terms that did not shut out a small organisation\n"
            '- Peer job coaches who could say "I have done this"\n'
            "- Employers who were willing to change how they recruit",
            "Commissioners who want new providers should look at how they pay, not only at "
            "what they ask for. DPULOs moving into a new area should start with a small "
            "contract and build a track record.",
            "The value of people moving into work was worked out with the added-value toolkit, "
            "using a published figure for what a disabled person in part-time work earns in a "
            "year; the working is shown with the outcomes.",
        ],
    ),
    "Reporting hate crime where people feel safe": (
        "Valleys Deaf and Disabled Forum runs third-party hate crime reporting centres with "
        "the police, and more disabled people now report what happens to them.",
        [
            "Very few disabled people in the valleys reported hate crime. When asked why, "
            "members of the forum said they did not think the police would take them seriously, "
            "or could not get to a police station.\n\nThe police and crime commissioner agreed "
            "to fund the forum to run reporting centres in places disabled people already went.",
            "The forum trained volunteers in five community venues to take reports and pass "
            "them to the police with the person's agreement.\n\nA police sergeant was named as "
            "the forum's contact, and the forum and the police met every two months to go "
            "through what had happened to each report.",
            "Reports of disability hate crime more than doubled in two years. Some people who "
            "reported were helped to stay in their homes rather than move away.\n\nThe police "
            "changed how call handlers respond to disabled callers after the forum shared what "
            "people had told it.",
            "- Reporting centres in places people already trusted\n"
            "- A named police contact who followed up every report\n"
            "- Feedback to the people who reported, so they knew something happened",
            "A rise in reports is a sign of success, not failure: say so from the start, so "
            "that nobody reads the figures the wrong way.",
            "The forum counts reports made through its centres; the police count the crimes "
            "recorded. Both are shown, and neither has been compared with an area without "
            "reporting centres.",
        ],
    ),
    "Young people shaping their own plans": (
        "Clydeside Disabled People's Alliance trained young disabled people to help others "
        "shape their education, health and care plans.",
        [
            "Clydeside Council's education service wanted young people to have more say in the "
            "plans that set out their support at school and beyond. Young people said the "
            "meetings were held about them, not with them.\n\nThe council asked the alliance "
            "to design a way for young people to take part, and to run it for three years.",
            "The alliance trained twelve young disabled people as peer mentors and paid them "
            "for each meeting they supported.\n\nBefore a plan is reviewed, a peer mentor meets "
            "the young person to help them say what they want, in words, pictures or video.",
            "Young people's own words now appear in most plans. Families said meetings felt "
            "less like a test.\n\nThe council changed its plan template so that the young "
            "person's section comes first.",
            "- Young people paid as mentors, not asked to volunteer\n"
            "- A council willing to change its own paperwork\n"
            "- Enough time before each review",
            "Young people are experts in their own lives. Give them a role with real weight, "
            "and pay them for it.",
            "The alliance counts the plans in which the young person's own section was "
            "written with them; the council's review of plans checked a sample.",
        ],
    ),
    "A HealthWatch contract led by disabled people": (
        "Fenland Disabled People's Voice leads the consortium that holds the local HealthWatch "
        "contract, so disabled people's experience of health and care is heard.",
        [
            "When the local HealthWatch contract was tendered, Fenland Disabled People's Voice "
            "formed a consortium with a carers' organisation and an older people's charity. "
            "The county council wanted a HealthWatch that reached people who are seldom "
            "heard.\n\nThe consortium won the contract, with the DPULO as the lead partner.",
            "The contract runs for five years. The DPULO employs the HealthWatch manager and "
            "holds the consortium's agreement.\n\n- Every public meeting has BSL interpreters "
            "and hearing loops\n- Reports are written in plain English with Easy Read "
            "summaries\n- Volunteers visit care homes and wards as authorised representatives",
            "HealthWatch's reports led to changes in how the hospital books appointments for "
            "people who cannot use the phone, and in how two care homes support residents with "
            "sensory impairments.\n\nThe number of people who shared their views with "
            "HealthWatch rose each year.",
            "- A consortium in which each partner brought different reach\n"
            "- Accessibility built into every part of the work\n"
            "- A council that asked for seldom-heard voices, and meant it",
            "DPULOs can lead large contracts by working in partnership. Agree who does what, "
            "and how money flows, before the bid goes in.",
            "The figures are HealthWatch's own counts of the people who shared their views, "
            "checked by the council's contract monitoring.",
        ],
    ),
    "Direct payments support reserved for disabled people": (
        "The London Borough of Riverside reserved its direct payments support service for a "
        "user-led organisation, and more people now choose a direct payment.",
        [
            "Few people in Riverside took their social care as a direct payment, and many who "
            "tried gave up. The council's review found that people did not get help with "
            "employing a personal assistant.\n\nThe council reserved the support service for "
            "user-led organisations, and Riverside Deaf and Disabled People's Network won it.",
            "The network offers help by phone, video, email and home visits, with BSL-using "
            "advisers.\n\nIt runs a register of personal assistants and a payroll service, and "
            "the council's social workers can book an adviser to join an assessment.",
            "The number of people taking a direct payment rose by half in three years, and "
            "fewer people gave theirs up. People said they had more choice over who supports "
            "them and when.",
            "- Advice from people who manage their own direct payments\n"
            "- Practical services, such as payroll, not only information\n"
            "- Social workers who knew the service and used it",
            "Choice and control need practical support. Reserving the contract brought in "
            "advisers with lived experience, which people valued most.",
            "The value of people keeping their direct payment, rather than returning to "
            "council-arranged care, was worked out with the added-value toolkit; the working "
            "is shown with the outcomes.",
        ],
    ),
}
