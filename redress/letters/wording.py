"""Words and phrases of the five letter languages, for the letter checker and the composer.

Pure data: no Django, no database. Each list is what a careful complaint professional
would look for in that language. Matching (see checker.py):

- "en", "sv", "hr": whole words, case-insensitive; a trailing "*" in an entry makes it a
  stem ("apologi*" matches "apologise", "apologies").
- "bn": every entry is a stem (Bengali words take suffixes: আপনার, আপনাকে).
- "th": substrings (Thai has no spaces between words), with the exclusions in
  `TH_NOT_CONTRASTIVE` where a word hides inside a longer, harmless one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Wording:
    thanks: tuple[str, ...]
    apology: tuple[str, ...]
    regret: tuple[str, ...]
    # Rule 2: the cause is explained; excuses and shifting the blame.
    cause: tuple[str, ...]
    excuses: tuple[str, ...]
    # Rule 3: a concrete reason; reasons that say nothing.
    reason: tuple[str, ...]
    vague_reason: tuple[str, ...]
    # Rule 4: sending the customer on to someone else.
    referral: tuple[str, ...]
    # Rule 5: other customers' praise.
    others_praise: tuple[str, ...]
    # Rule 6: contrastive words to avoid, and the word to use instead.
    contrastive: tuple[str, ...]
    however: str
    # Rule 7: the customer's traits.
    blame_traits: tuple[str, ...]
    # Rule 8: remedies, promises, and promises with no date.
    remedy: tuple[str, ...]
    promise: tuple[str, ...]
    negation: tuple[str, ...]
    request: tuple[str, ...]
    benign_negation: tuple[str, ...]
    vague_time: tuple[str, ...]
    # Rule 9: measures against a recurrence.
    prevention: tuple[str, ...]
    # Rule 10: hope for a continued relationship.
    hope: tuple[str, ...]
    # Rule 11: informal address (an error), and address that breaks the chosen form (a warning).
    informal: tuple[str, ...]
    inconsistent: tuple[str, ...] = ()
    # Layout: the salutation line and the sign-off, which the opening and closing rules skip.
    salutation: tuple[str, ...] = ()
    signoff: tuple[str, ...] = ()
    # Examples for the suggestions, in the letter's language.
    example_thanks: str = ""
    example_apology: str = ""
    example_closing: str = ""
    example_prevention: str = ""
    case_sensitive_inconsistent: bool = False
    extra: dict[str, str] = field(default_factory=dict)


EN = Wording(
    thanks=("thank*", "grateful"),
    apology=("apologi*", "apologiz*"),
    regret=("sorry", "regret*", "disappointed", "disappointment"),
    cause=(
        "because",
        "cause*",
        "caused",
        "the reason",
        "was due to",
        "resulted from",
        "happened because",
        "as a result of",
        "went wrong",
    ),
    excuses=(
        "not our fault",
        "beyond our control",
        "outside our control",
        "through no fault of our own",
        "cannot be held responsible",
        "can't be held responsible",
        "not responsible for",
        "to blame",
        "unavoidable",
        "these things happen",
    ),
    reason=(
        "because",
        "since",
        "as the",
        "the reason",
        "due to",
        "expired",
        "under the terms",
        "according to",
        "as stated in",
        "does not cover",
        "is not covered",
        "shows that",
        "showed that",
    ),
    vague_reason=(
        "company policy",
        "internal reasons",
        "for various reasons",
        "we are unable to",
        "we cannot help",
    ),
    referral=(
        "contact",
        "refer* you",
        "get in touch",
        "reach them",
        "turn to",
        "responsible for",
    ),
    others_praise=(
        "other customers",
        "many customers",
        "most customers",
        "most of our customers",
        "thousands of customers",
        "satisfied customers",
        "customers love",
        "our customers are happy",
        "positive reviews",
        "five-star",
        "never had a complaint",
        "no other customer",
        "praised",
        "praise",
    ),
    contrastive=("but", "at the same time"),
    however="however",
    blame_traits=(
        "careless*",
        "inattenti*",
        "forgetful*",
        "you forgot",
        "you failed to",
        "you did not read",
        "you didn't read",
        "you should have",
        "you misunderstood",
        "your misunderstanding",
        "you did not understand",
        "you didn't understand",
        "lack of understanding",
        "your mistake",
        "your fault",
        "your own fault",
        "negligen*",
    ),
    remedy=(
        "refund*",
        "reimburs*",
        "replace*",
        "replacement",
        "exchange",
        "repair*",
        "voucher",
        "discount",
        "credit",
        "compensat*",
        "free of charge",
        "carry out the service again",
        "goodwill",
    ),
    promise=("will", "we'll", "shall", "are going to", "you'll"),
    negation=("not", "cannot", "can't", "won't", "unable"),
    benign_negation=("no later than", "not later than"),
    request=("you asked", "your request", "you requested", "you would like", "you wanted"),
    vague_time=(
        "as soon as possible",
        "asap",
        "shortly",
        "soon",
        "in due course",
        "in the near future",
        "at some point",
    ),
    prevention=(
        "prevent*",
        "happen again",
        "recurrence",
        "recur",
        "we have changed",
        "we have introduced",
        "we have improved",
        "retrain*",
        "training",
        "measures",
        "from now on",
    ),
    hope=(
        "hope",
        "look forward",
        "looking forward",
        "continue",
        "welcome you",
        "serve you",
        "relationship",
    ),
    informal=("hey", "hiya", "hi there", "guys", "mate", "buddy", "folks"),
    salutation=("dear", "hello", "good morning"),
    signoff=(
        "yours sincerely",
        "yours faithfully",
        "kind regards",
        "best regards",
        "with best wishes",
        "sincerely",
    ),
    example_thanks="Thank you for your letter of 3 March about your order.",
    example_apology="We are sorry for the trouble this has caused you, and we apologise.",
    example_closing=(
        "Thank you for telling us about this. We hope to continue to serve you for many years."
    ),
    example_prevention=(
        "To prevent this from happening again, we have changed how parcels are checked."
    ),
)

SV = Wording(
    # The letters address the customer as "du", lower case, as Swedish does today.
    thanks=("tack", "tackar"),
    apology=("ber om ursäkt", "ber vi om ursäkt", "ursäkta", "förlåt"),
    regret=("beklagar", "ledsna", "ledsen", "tråkigt", "besviken", "besvikelse"),
    cause=(
        "berodde på",
        "beror på",
        "orsak*",
        "eftersom",
        "på grund av",
        "anledningen",
        "blev fel",
        "gick fel",
    ),
    excuses=(
        "inte vårt fel",
        "utanför vår kontroll",
        "inte vårt ansvar",
        "kan inte hållas ansvariga",
        "kan vi inte hållas ansvariga",
        "oundvikligt",
        "sådant händer",
        "skyldes",
    ),
    reason=(
        "eftersom",
        "på grund av",
        "anledningen",
        "har gått ut",
        "gick ut",
        "enligt",
        "omfattas inte",
        "täcker inte",
        "visar att",
        "visade att",
    ),
    vague_reason=("företagets policy", "interna skäl", "olika skäl", "av princip"),
    referral=("kontakta", "vända dig till", "vänd dig till", "hänvisa*", "når dem", "ansvarar för"),
    others_praise=(
        "andra kunder",
        "många kunder",
        "de flesta kunder",
        "de flesta av våra kunder",
        "nöjda kunder",
        "våra kunder är nöjda",
        "positiva omdömen",
        "inga andra kunder",
        "ingen annan kund",
        "beröm*",
    ),
    contrastive=("men", "samtidigt", "på samma gång"),
    however="dock",
    blame_traits=(
        "slarv*",
        "ouppmärksam*",
        "glömsk*",
        "du glömde",
        "du har glömt",
        "du läste inte",
        "du borde ha",
        "du missförstod",
        "ditt missförstånd",
        "du förstod inte",
        "du har inte förstått",
        "ditt fel",
        "ditt eget fel",
        "oförstånd",
        "vårdslös*",
    ),
    remedy=(
        "betalar tillbaka",
        "betala tillbaka",
        "återbetal*",
        "ersätt*",
        "ny vara",
        "byter ut",
        "byta ut",
        "reparer*",
        "presentkort",
        "värdebevis",
        "rabatt",
        "kostnadsfri*",
        "på nytt",
        "gest",
        "kompens*",
    ),
    promise=("vi", "kommer", "ska", "får du", "du får"),
    negation=("inte", "ej", "kan tyvärr inte", "ingen", "inga"),
    benign_negation=("inte senare än",),
    request=("du bad om", "din begäran", "du begärde", "ditt önskemål", "du önskade"),
    vague_time=("så snart som möjligt", "snarast", "inom kort", "snart", "framöver", "med tiden"),
    prevention=(
        "förhindra*",
        "förebygg*",
        "inte ska hända igen",
        "inte händer igen",
        "upprepas",
        "åtgärd*",
        "har vi infört",
        "har vi ändrat",
        "vi har infört",
        "vi har ändrat",
        "utbild*",
        "hädanefter",
    ),
    hope=(
        "hoppas",
        "ser fram emot",
        "fortsatt",
        "fortsätta",
        "välkommen tillbaka",
        "välkommen åter",
    ),
    informal=("tjena", "tja", "hallå", "hejsan", "hej hej"),
    # Capitalised "Ni/Er" or "Du/Dig" inside a sentence breaks the chosen modern "du".
    inconsistent=("Ni", "Er", "Ert", "Era", "Du", "Dig", "Din", "Ditt", "Dina"),
    case_sensitive_inconsistent=True,
    salutation=("hej", "bästa", "kära", "god dag"),
    signoff=("med vänliga hälsningar", "vänliga hälsningar", "med vänlig hälsning", "hälsningar"),
    example_thanks="Tack för ditt brev av den 3 mars om din beställning.",
    example_apology="Vi ber om ursäkt för besväret som detta har orsakat dig.",
    example_closing="Tack för att du hörde av dig. Vi hoppas att få fortsätta vara ditt val.",
    example_prevention=(
        "För att förhindra att detta händer igen har vi ändrat hur vi kontrollerar paket."
    ),
)

HR = Wording(
    # The letters address the customer with "Vi", capitalised, as Croatian letters do.
    thanks=("hvala", "zahvaljuj*", "zahvalni", "zahvaljujemo"),
    apology=("ispričavam*", "isprik*", "oprostite", "oprost"),
    regret=("žao nam je", "žalimo", "žao", "razočaran*", "nezadovoljstv*"),
    cause=("uzrok*", "zbog", "jer", "razlog*", "dogodilo se", "došlo je do"),
    excuses=(
        "nije naša krivnja",
        "nije naša greška",
        "nismo krivi",
        "izvan naše kontrole",
        "nismo odgovorni",
        "ne snosimo odgovornost",
        "ne možemo snositi odgovornost",
        "neizbježn*",
        "to se događa",
    ),
    reason=(
        "jer",
        "zbog",
        "budući da",
        "razlog*",
        "istekao",
        "istekla",
        "isteklo",
        "prema",
        "sukladno",
        "ne pokriva",
        "nije obuhvaćen*",
        "pokazuje da",
        "pokazalo je da",
        "je pokazalo da",
    ),
    vague_reason=("poslovna politika", "interni razlozi", "internih razloga", "raznih razloga"),
    referral=("obratite", "obratiti", "kontaktirajte", "kontaktirati", "upućujemo", "nadležan*"),
    others_praise=(
        "drugi kupci",
        "drugih kupaca",
        "drugi klijenti",
        "drugih klijenata",
        "mnogi kupci",
        "većina kupaca",
        "većina naših kupaca",
        "zadovoljni kupci",
        "zadovoljnih kupaca",
        "pozitivne recenzije",
        "pohval*",
        "nijedan drugi kupac",
    ),
    contrastive=("ali", "no", "istovremeno", "istodobno", "u isto vrijeme"),
    however="međutim",
    blame_traits=(
        "nepažnj*",
        "nepažljiv*",
        "zaboravn*",
        "zaboravili ste",
        "niste pročitali",
        "trebali ste",
        "niste razumjeli",
        "nerazumijevanj*",
        "Vaša greška",
        "Vaša krivnja",
        "Vašom krivnjom",
        "Vašom greškom",
        "nemar*",
        "neznanj*",
    ),
    remedy=(
        "povrat novca",
        "povrat iznosa",
        "vratit*",
        "zamijen*",
        "zamjen*",
        "popravi*",
        "popravak",
        "poklon-bon",
        "bon",
        "vaučer",
        "popust",
        "besplatn*",
        "ponovno izvest*",
        "nadoknad*",
        "kompenzacij*",
        "znak pažnje",
    ),
    promise=("ćemo", "ćete", "će"),
    negation=("ne", "nećemo", "nije", "ni", "nažalost ne"),
    benign_negation=("ne kasnije od",),
    request=("tražili ste", "Vaš zahtjev", "zatražili ste", "željeli ste"),
    vague_time=("što prije", "uskoro", "u najkraćem roku", "ubrzo", "u dogledno vrijeme"),
    prevention=(
        "spriječi*",
        "sprječava*",
        "ponovi",
        "ponoviti",
        "ponovio",
        "mjer*",
        "uveli smo",
        "izmijenili smo",
        "promijenili smo",
        "edukacij*",
        "ubuduće",
    ),
    hope=("nadamo", "radujemo", "nastavak", "i dalje", "nastaviti", "suradnj*"),
    informal=("ti", "tebi", "tebe", "tvoj*", "bok", "hej", "pozdrav stari"),
    # Lower-case polite forms: Croatian letters capitalise Vi, Vas, Vam, Vaš.
    inconsistent=(
        "vi",
        "vas",
        "vam",
        "vama",
        "vaš",
        "vaša",
        "vaše",
        "vašeg",
        "vašega",
        "vašem",
        "vašu",
        "vašoj",
        "vaši",
        "vaših",
        "vašim",
        "vašom",
    ),
    case_sensitive_inconsistent=True,
    salutation=("poštovan*", "draga", "dragi", "dobar dan"),
    signoff=("s poštovanjem", "srdačan pozdrav", "lijep pozdrav", "srdačno"),
    example_thanks="Zahvaljujemo Vam na pismu od 3. ožujka u vezi s Vašom narudžbom.",
    example_apology="Iskreno se ispričavamo zbog neugodnosti koje su Vam time nastale.",
    example_closing=(
        "Hvala Vam što ste nam se obratili. Nadamo se da ćete nam i dalje ukazivati povjerenje."
    ),
    example_prevention=(
        "Kako se to ne bi ponovilo, promijenili smo način na koji provjeravamo pošiljke."
    ),
)

BN = Wording(
    # The letters address the customer with আপনি, the polite form.
    thanks=("ধন্যবাদ*", "কৃতজ্ঞ*"),
    apology=("ক্ষমাপ্রার্থী", "ক্ষমা চাই*", "ক্ষমা প্রার্থনা*", "দুঃখপ্রকাশ*", "দুঃখ প্রকাশ*"),
    regret=("দুঃখিত", "আক্ষেপ*", "অসন্তুষ্টি*", "হতাশ*"),
    cause=("কারণ*", "ফলে", "দরুন", "উৎপত্তি*", "ঘটেছে"),
    excuses=(
        "আমাদের দোষ নয়",
        "আমাদের দোষ ছিল না",
        "আমাদের নিয়ন্ত্রণের বাইরে",
        "আমরা দায়ী নই",
        "দায় আমাদের নয়",
        "অনিবার্য",
    ),
    reason=("কারণ*", "যেহেতু", "মেয়াদ শেষ*", "মেয়াদোত্তীর্ণ*", "অনুযায়ী", "অন্তর্ভুক্ত নয়", "দেখা গেছে"),
    vague_reason=("কোম্পানির নীতি", "অভ্যন্তরীণ কারণ", "বিভিন্ন কারণে"),
    referral=("যোগাযোগ*", "শরণাপন্ন*", "দায়িত্বপ্রাপ্ত*", "দায়ী প্রতিষ্ঠান*"),
    others_praise=(
        "অন্যান্য গ্রাহক*",
        "অন্য গ্রাহক*",
        "অনেক গ্রাহক*",
        "বেশিরভাগ গ্রাহক*",
        "অধিকাংশ গ্রাহক*",
        "সন্তুষ্ট গ্রাহক*",
        "প্রশংসা*",
        "ইতিবাচক রিভিউ*",
    ),
    contrastive=("কিন্তু", "অথচ", "একই সময়ে", "একই সাথে", "একইসঙ্গে", "একই সঙ্গে"),
    however="তবে",
    blame_traits=(
        "অমনোযোগ*",
        "অসাবধান*",
        "অসতর্ক*",
        "ভুলোমন*",
        "আপনি ভুলে গেছেন",
        "আপনি ভুলে গিয়েছিলেন",
        "আপনি বুঝতে পারেননি",
        "আপনার বোঝার ভুল",
        "আপনার ভুল*",
        "আপনার দোষ*",
        "আপনার উচিত ছিল",
        "আপনার গাফিলতি*",
        "আপনি পড়েননি",
    ),
    remedy=(
        "ফেরত*",
        "প্রতিস্থাপন*",
        "বদলে*",
        "বিনিময়*",
        "মেরামত*",
        "ভাউচার*",
        "ছাড়*",
        "বিনামূল্যে",
        "পুনরায়",
        "ক্ষতিপূরণ*",
        "সৌজন্যস্বরূপ",
    ),
    promise=("দেব", "দেবো", "পাঠাব", "পাঠাবো", "করব", "করবো", "হবে", "পাবেন"),
    negation=("না", "নয়", "নেই", "পারব না", "পারছি না"),
    benign_negation=(),
    request=("আপনি চেয়েছেন", "আপনার অনুরোধ*", "অনুরোধ করেছেন"),
    vague_time=("যত তাড়াতাড়ি সম্ভব", "যত দ্রুত সম্ভব", "শীঘ্রই", "অচিরেই", "খুব তাড়াতাড়ি"),
    prevention=(
        "প্রতিরোধ*",
        "পুনরাবৃত্তি*",
        "আবার না ঘটে",
        "আর না ঘটে",
        "ব্যবস্থা গ্রহণ",
        "ব্যবস্থা নিয়েছি",
        "পদক্ষেপ*",
        "প্রশিক্ষণ*",
        "পরিবর্তন করেছি",
    ),
    hope=("আশা*", "ভবিষ্যতে", "আবারও", "সম্পর্ক*", "সেবা করার সুযোগ"),
    informal=("তুমি", "তোমার", "তোমাকে", "তোমায়", "তুই", "তোর", "তোকে"),
    salutation=("প্রিয়", "সম্মানিত", "জনাব", "সুধী"),
    signoff=("বিনীত", "শুভেচ্ছান্তে", "ধন্যবাদান্তে", "শ্রদ্ধাসহ"),
    example_thanks="আপনার ৩ মার্চের চিঠির জন্য আপনাকে আন্তরিক ধন্যবাদ।",
    example_apology="এর ফলে আপনার যে অসুবিধা হয়েছে, তার জন্য আমরা আন্তরিকভাবে ক্ষমাপ্রার্থী।",
    example_closing=("বিষয়টি আমাদের জানানোর জন্য আপনাকে ধন্যবাদ। ভবিষ্যতেও আপনাকে সেবা দেওয়ার আশা রাখি।"),
    example_prevention="ভবিষ্যতে যাতে এমন আর না ঘটে, সেজন্য আমরা পার্সেল যাচাইয়ের পদ্ধতি পরিবর্তন করেছি।",
)

TH = Wording(
    # The letters use ท่าน for "you" and leave out the particles ค่ะ and ครับ, as formal
    # Thai letters do; the company speaks of itself as บริษัทฯ.
    thanks=("ขอบคุณ", "ขอบพระคุณ"),
    apology=("ขออภัย", "ขอโทษ", "ขอประทานโทษ"),
    regret=("เสียใจ", "ไม่พึงพอใจ", "ผิดหวัง"),
    cause=("สาเหตุ", "เนื่องจาก", "เพราะ", "เกิดจาก"),
    excuses=(
        "ไม่ใช่ความผิดของบริษัท",
        "ไม่ใช่ความผิดของเรา",
        "นอกเหนือการควบคุม",
        "เหนือการควบคุม",
        "ไม่อาจรับผิดชอบ",
        "ไม่ต้องรับผิดชอบ",
        "หลีกเลี่ยงไม่ได้",
    ),
    reason=("เนื่องจาก", "เพราะ", "สาเหตุ", "หมดอายุ", "ตามเงื่อนไข", "ไม่ครอบคลุม", "พบว่า"),
    vague_reason=("นโยบายบริษัท", "เหตุผลภายใน", "เหตุผลบางประการ"),
    referral=("ติดต่อ", "โปรดแจ้ง", "ผู้รับผิดชอบ", "ผู้ผลิต"),
    others_praise=(
        "ลูกค้าท่านอื่น",
        "ลูกค้ารายอื่น",
        "ลูกค้าคนอื่น",
        "ลูกค้าส่วนใหญ่",
        "ลูกค้าจำนวนมาก",
        "ลูกค้าหลายท่าน",
        "คำชม",
        "รีวิวเชิงบวก",
    ),
    contrastive=("แต่", "ในขณะเดียวกัน", "ขณะเดียวกัน", "ในเวลาเดียวกัน"),
    however="อย่างไรก็ตาม",
    blame_traits=(
        "ความไม่ใส่ใจ",
        "ไม่ใส่ใจ",
        "ประมาท",
        "สะเพร่า",
        "ขี้ลืม",
        "ท่านลืม",
        "คุณลืม",
        "ท่านไม่เข้าใจ",
        "คุณไม่เข้าใจ",
        "ความเข้าใจผิดของท่าน",
        "ความเข้าใจผิดของคุณ",
        "ความผิดของท่าน",
        "ความผิดของคุณ",
        "ท่านควรจะ",
        "ไม่ได้อ่าน",
    ),
    remedy=(
        "คืนเงิน",
        "เปลี่ยนสินค้า",
        "สินค้าทดแทน",
        "สินค้าใหม่",
        "ซ่อม",
        "บัตรกำนัล",
        "ส่วนลด",
        "โดยไม่มีค่าใช้จ่าย",
        "ให้บริการใหม่",
        "ชดเชย",
        "แสดงน้ำใจ",
    ),
    promise=("จะ",),
    negation=("ไม่",),
    benign_negation=("ไม่มีค่าใช้จ่าย", "ไม่เสียค่าใช้จ่าย", "ไม่เกินวันที่"),
    request=("ท่านขอ", "คำขอของท่าน", "ท่านต้องการ", "ร้องขอ"),
    vague_time=("โดยเร็วที่สุด", "เร็วๆ นี้", "เร็ว ๆ นี้", "ในไม่ช้า", "โดยเร็ว", "ในอนาคตอันใกล้"),
    prevention=("ป้องกัน", "ไม่ให้เกิดขึ้นอีก", "เกิดซ้ำ", "มาตรการ", "ปรับปรุง", "อบรม"),
    hope=("หวังว่า", "ต่อไป", "โอกาสต่อไป", "ไว้วางใจ"),
    informal=("มึง", "เอ็ง", "เธอ", "จ้ะ", "จ้า", "นะจ๊ะ"),
    # Formal letters leave out ค่ะ and ครับ; a letter that uses them must not mix them.
    inconsistent=("ค่ะ", "ครับ"),
    salutation=("เรียน",),
    signoff=("ขอแสดงความนับถือ",),
    example_thanks="บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่องดังกล่าวให้ทราบ",
    example_apology="บริษัทฯ ขออภัยเป็นอย่างสูงในความไม่สะดวกที่เกิดขึ้น",
    example_closing="ขอขอบคุณท่านอีกครั้ง และหวังเป็นอย่างยิ่งว่าจะได้ให้บริการท่านต่อไป",
    example_prevention="เพื่อป้องกันไม่ให้เกิดเหตุการณ์เช่นนี้ขึ้นอีก บริษัทฯ ได้ปรับปรุงขั้นตอนการตรวจสอบพัสดุแล้ว",
)

WORDING: dict[str, Wording] = {"en": EN, "sv": SV, "hr": HR, "bn": BN, "th": TH}
LANGUAGES = tuple(WORDING)

# "แต่" hides in ตั้งแต่ (since), แต่ละ (each), แต่ง (compose, appoint), แต่เดิม, แต่ก่อน (formerly).
TH_NOT_CONTRASTIVE_BEFORE = ("ตั้ง",)
TH_NOT_CONTRASTIVE_AFTER = ("ละ", "ง", "เดิม", "ก่อน")


# --- Dates -------------------------------------------------------------------------------

MONTHS: dict[str, list[tuple[str, ...]]] = {
    # Each month: the names a letter may use for it, full names first.
    "en": [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    "sv": [
        ("januari", "jan"),
        ("februari", "feb"),
        ("mars", "mar"),
        ("april", "apr"),
        ("maj",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augusti", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    # Croatian dates use the genitive ("3. ožujka"); the nominative is accepted as well.
    "hr": [
        ("siječnja", "siječanj", "sij"),
        ("veljače", "veljača", "velj"),
        ("ožujka", "ožujak", "ožu"),
        ("travnja", "travanj", "tra"),
        ("svibnja", "svibanj", "svi"),
        ("lipnja", "lipanj", "lip"),
        ("srpnja", "srpanj", "srp"),
        ("kolovoza", "kolovoz", "kol"),
        ("rujna", "rujan", "ruj"),
        ("listopada", "listopad", "lis"),
        ("studenoga", "studenog", "studeni", "stu"),
        ("prosinca", "prosinac", "pro"),
    ],
    "bn": [
        ("জানুয়ারি", "জানুয়ারী"),
        ("ফেব্রুয়ারি", "ফেব্রুয়ারী"),
        ("মার্চ",),
        ("এপ্রিল",),
        ("মে",),
        ("জুন",),
        ("জুলাই",),
        ("আগস্ট", "অগাস্ট", "আগষ্ট"),
        ("সেপ্টেম্বর",),
        ("অক্টোবর",),
        ("নভেম্বর",),
        ("ডিসেম্বর",),
    ],
    "th": [
        ("มกราคม", "ม.ค."),
        ("กุมภาพันธ์", "ก.พ."),
        ("มีนาคม", "มี.ค."),
        ("เมษายน", "เม.ย."),
        ("พฤษภาคม", "พ.ค."),
        ("มิถุนายน", "มิ.ย."),
        ("กรกฎาคม", "ก.ค."),
        ("สิงหาคม", "ส.ค."),
        ("กันยายน", "ก.ย."),
        ("ตุลาคม", "ต.ค."),
        ("พฤศจิกายน", "พ.ย."),
        ("ธันวาคม", "ธ.ค."),
    ],
}

# Thai years are written in the Buddhist era: 2569 BE is 2026 CE.
BUDDHIST_ERA_OFFSET = 543
BENGALI_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


# --- The composer's remedy sentences -----------------------------------------------------
# One sentence per remedy kind; {amount}, {date} and {what} are filled in. Each sentence
# names the remedy, promises it and gives its date, so the letter checker accepts it.

REMEDY_SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "refund": "We will refund {amount} to you by {date}.",
        "replacement": "We will send you a replacement by {date}.",
        "exchange": "We will exchange the item for you by {date}.",
        "repair": "We will repair the item free of charge by {date}.",
        "discount": "We will send you a voucher worth {amount} by {date}.",
        "free_service": "We will provide {what} free of charge by {date}.",
        "redo_service": "We will carry out the service again, free of charge, by {date}.",
        "goodwill": "As a gesture of goodwill, we will send you {what} by {date}.",
    },
    "sv": {
        "refund": "Vi betalar tillbaka {amount} till dig senast den {date}.",
        "replacement": "Vi skickar en ny vara till dig senast den {date}.",
        "exchange": "Vi byter ut varan åt dig senast den {date}.",
        "repair": "Vi reparerar varan kostnadsfritt senast den {date}.",
        "discount": "Vi skickar dig ett presentkort på {amount} senast den {date}.",
        "free_service": "Vi erbjuder dig {what} kostnadsfritt senast den {date}.",
        "redo_service": "Vi utför tjänsten på nytt, kostnadsfritt, senast den {date}.",
        "goodwill": "Som en gest från vår sida skickar vi dig {what} senast den {date}.",
    },
    "hr": {
        "refund": "Iznos od {amount} vratit ćemo Vam najkasnije do {date}",
        "replacement": "Zamjenski proizvod poslat ćemo Vam najkasnije do {date}",
        "exchange": "Proizvod ćemo Vam zamijeniti najkasnije do {date}",
        "repair": "Proizvod ćemo besplatno popraviti najkasnije do {date}",
        "discount": "Poklon-bon u vrijednosti od {amount} poslat ćemo Vam najkasnije do {date}",
        "free_service": "Besplatno ćemo Vam omogućiti {what} najkasnije do {date}",
        "redo_service": "Uslugu ćemo ponovno izvesti, besplatno, najkasnije do {date}",
        "goodwill": "Kao znak pažnje poslat ćemo Vam {what} najkasnije do {date}",
    },
    "bn": {
        "refund": "আমরা {date} তারিখের মধ্যে আপনাকে {amount} ফেরত দেব।",
        "replacement": "আমরা {date} তারিখের মধ্যে আপনাকে একটি প্রতিস্থাপন পণ্য পাঠাব।",
        "exchange": "আমরা {date} তারিখের মধ্যে পণ্যটি বদলে দেব।",
        "repair": "আমরা {date} তারিখের মধ্যে বিনামূল্যে পণ্যটি মেরামত করে দেব।",
        "discount": "আমরা {date} তারিখের মধ্যে আপনাকে {amount} মূল্যের একটি ভাউচার পাঠাব।",
        "free_service": "আমরা {date} তারিখের মধ্যে আপনাকে বিনামূল্যে {what} প্রদান করব।",
        "redo_service": "আমরা {date} তারিখের মধ্যে বিনামূল্যে সেবাটি পুনরায় প্রদান করব।",
        "goodwill": "সৌজন্যস্বরূপ আমরা {date} তারিখের মধ্যে আপনাকে {what} পাঠাব।",
    },
    "th": {
        "refund": "บริษัทฯ จะคืนเงินจำนวน {amount} ให้แก่ท่านภายในวันที่ {date}",
        "replacement": "บริษัทฯ จะจัดส่งสินค้าทดแทนให้แก่ท่านภายในวันที่ {date}",
        "exchange": "บริษัทฯ จะเปลี่ยนสินค้าให้แก่ท่านภายในวันที่ {date}",
        "repair": "บริษัทฯ จะซ่อมสินค้าให้ท่านโดยไม่มีค่าใช้จ่ายภายในวันที่ {date}",
        "discount": "บริษัทฯ จะมอบบัตรกำนัลมูลค่า {amount} ให้แก่ท่านภายในวันที่ {date}",
        "free_service": "บริษัทฯ จะให้บริการ{what}แก่ท่านโดยไม่มีค่าใช้จ่ายภายในวันที่ {date}",
        "redo_service": "บริษัทฯ จะให้บริการใหม่โดยไม่มีค่าใช้จ่ายภายในวันที่ {date}",
        "goodwill": "เพื่อแสดงน้ำใจ บริษัทฯ จะมอบ{what}ให้แก่ท่านภายในวันที่ {date}",
    },
}

# What {what} becomes when the remedy has no description of its own.
REMEDY_WHAT: dict[str, dict[str, str]] = {
    "en": {"free_service": "an additional service", "goodwill": "a small gift"},
    "sv": {"free_service": "en extra tjänst", "goodwill": "en liten gåva"},
    "hr": {"free_service": "dodatnu uslugu", "goodwill": "mali poklon"},
    "bn": {"free_service": "একটি অতিরিক্ত সেবা", "goodwill": "একটি ছোট উপহার"},
    "th": {"free_service": "เพิ่มเติม", "goodwill": "ของที่ระลึก"},
}

# The measure taken with an employee at fault, said without naming anyone (rule 9).
STAFF_MEASURE: dict[str, str] = {
    "en": "The matter has also been taken up with the member of staff concerned.",
    "sv": "Vi har också tagit upp saken med den berörda medarbetaren.",
    "hr": "Slučaj smo također razmotrili s odgovornim djelatnikom i poduzeli odgovarajuće mjere.",
    "bn": "সংশ্লিষ্ট কর্মীর বিষয়েও যথাযথ ব্যবস্থা গ্রহণ করা হয়েছে।",
    "th": "บริษัทฯ ได้ดำเนินการกับพนักงานที่เกี่ยวข้องตามระเบียบแล้ว",
}
