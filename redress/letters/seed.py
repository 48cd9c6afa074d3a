"""The letter templates Redress starts with: six kinds in five languages.

Data, loaded by the migration 0002_templates; administrators edit them in /admin/.
Each body is a Django template over plain strings (see composer.PLACEHOLDERS); a
paragraph whose data the case lacks drops out, so the letter checker can say what is
missing instead of the letter carrying an empty sentence.

The forms of address are chosen once per language and the checker holds letters to
them (rule 11): English "you"; Swedish the modern "du", lower case; Croatian "Vi",
"Vaš" with a capital letter; Bengali আপনি; Thai ท่าน, with the company as บริษัทฯ and
no ค่ะ/ครับ, as formal Thai letters are written.
"""

from __future__ import annotations

SUBJECTS: dict[str, dict[str, str]] = {
    "en": {
        "default": "Your complaint {{ reference }}",
        "holding": "Your complaint {{ reference }}: our reply will follow",
    },
    "sv": {
        "default": "Ditt klagomål {{ reference }}",
        "holding": "Ditt klagomål {{ reference }}: vårt svar kommer",
    },
    "hr": {
        "default": "Vaš prigovor {{ reference }}",
        "holding": "Vaš prigovor {{ reference }}: odgovor slijedi",
    },
    "bn": {
        "default": "আপনার অভিযোগ {{ reference }}",
        "holding": "আপনার অভিযোগ {{ reference }}: আমাদের উত্তর আসছে",
    },
    "th": {
        "default": "ผลการพิจารณาข้อร้องเรียนเลขที่ {{ reference }}",
        "holding": "ความคืบหน้าของข้อร้องเรียนเลขที่ {{ reference }}",
    },
}

EN = {
    "justified": """Dear {{ customer_name }},

Thank you for your letter of {{ complaint_date }} about {{ subject }}, reference {{ reference }}. We are sorry for the trouble this has caused you, and we apologise.

We have looked into what happened. {{ reasons }}
{% if root_cause %}
What went wrong: {{ root_cause }} This was our responsibility, and we accept it in full.
{% endif %}{% if remedies %}
To put this right:
{{ remedies }}
{% endif %}{% if prevention %}
To prevent this from happening again, we have taken the following measures: {{ prevention }}{% if staff_measure %} {{ staff_measure }}{% endif %}
{% endif %}
Thank you for taking the time to tell us about this. Your feedback helps us improve, and we hope to continue to serve you for many years to come.

Yours sincerely""",
    "partly_justified": """Dear {{ customer_name }},

Thank you for your letter of {{ complaint_date }} about {{ subject }}, reference {{ reference }}. We have looked into each point you raised, and we apologise for the part of the problem that was our responsibility.

Our investigation showed that your complaint is justified in part. {{ reasons }}
{% if root_cause %}
What went wrong on our side: {{ root_cause }} We accept full responsibility for this part.
{% endif %}{% if remedies %}
To put this right:
{{ remedies }}
{% endif %}{% if prevention %}
To prevent this from happening again, we have taken the following measures: {{ prevention }}
{% endif %}
Thank you for your feedback. We hope that you will continue to choose us, and we look forward to serving you again.

Yours sincerely""",
    "not_justified": """Dear {{ customer_name }},

Thank you for your letter of {{ complaint_date }} about {{ subject }}, reference {{ reference }}, and for the information you gave us. We are sorry that you have been left dissatisfied.

We have looked carefully into the matter and cannot uphold your complaint, because our investigation showed the following: {{ reasons }}

If you have further information that we have not seen, please send it to us, quoting reference {{ reference }}, and we will look at the matter again.

Thank you for bringing this to our attention. We value you as a customer and hope to continue to serve you.

Yours sincerely""",
    "outside": """Dear {{ customer_name }},

Thank you for your letter of {{ complaint_date }} about {{ subject }}, reference {{ reference }}, and for the information you gave us. We are sorry that you have had this problem.

We have looked into the matter. {{ reasons }} The party responsible for this is {{ third_party_name }}, and they are best placed to help you.

Please contact {{ third_party_name }} directly:
{{ third_party_contact }}
When you contact them, it helps to mention your order details and the date of purchase.

Thank you for letting us know about this. We hope to continue to serve you, and we will gladly help if you need assistance in contacting them.

Yours sincerely""",
    "holding": """Dear {{ customer_name }},

Thank you for your letter of {{ complaint_date }} about {{ subject }}, reference {{ reference }}, and for the information you have given us.

We are still looking into the matter, and we need a little more time to give you a full and considered answer. We expect to send you our final reply by {{ reply_by }}. If we need anything further from you in the meantime, we will get in touch.

Thank you for your patience and for bringing this to our attention.

Yours sincerely""",
    "summary_resolution": """Dear {{ customer_name }},

Thank you for contacting us on {{ complaint_date }} about {{ subject }}, reference {{ reference }}.

We are writing to confirm that the matter has been resolved as we agreed with you: {{ resolution }}

If you feel that the matter has not been resolved to your satisfaction, please reply to this letter, quoting reference {{ reference }}, and we will look into it again.

Thank you for your feedback. We hope to continue to serve you.

Yours sincerely""",
}

SV = {
    "justified": """Hej {{ customer_name }},

Tack för ditt brev av den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}). Vi ber om ursäkt för besväret som detta har orsakat dig.

Vi har gått igenom vad som hände. {{ reasons }}
{% if root_cause %}
Det här gick fel: {{ root_cause }} Ansvaret för detta är vårt, och vi tar det fullt ut.
{% endif %}{% if remedies %}
För att rätta till det här gör vi följande:
{{ remedies }}
{% endif %}{% if prevention %}
För att förhindra att detta händer igen har vi vidtagit följande åtgärder: {{ prevention }}{% if staff_measure %} {{ staff_measure }}{% endif %}
{% endif %}
Tack för att du tog dig tid att berätta om detta för oss. Dina synpunkter hjälper oss att bli bättre, och vi hoppas att du vill fortsätta vara kund hos oss i många år.

Med vänliga hälsningar""",
    "partly_justified": """Hej {{ customer_name }},

Tack för ditt brev av den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}). Vi har gått igenom varje punkt du tog upp, och vi ber om ursäkt för den del av problemet som var vårt ansvar.

Vår utredning visade att ditt klagomål delvis är befogat. {{ reasons }}
{% if root_cause %}
Det här gick fel hos oss: {{ root_cause }} För den delen tar vi fullt ansvar.
{% endif %}{% if remedies %}
För att rätta till det här gör vi följande:
{{ remedies }}
{% endif %}{% if prevention %}
För att förhindra att detta händer igen har vi vidtagit följande åtgärder: {{ prevention }}
{% endif %}
Tack för dina synpunkter. Vi hoppas att du vill fortsätta handla hos oss, och vi ser fram emot att få hjälpa dig igen.

Med vänliga hälsningar""",
    "not_justified": """Hej {{ customer_name }},

Tack för ditt brev av den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}) och för informationen du gav oss. Vi beklagar att du inte är nöjd.

Vi har noggrant gått igenom ärendet och kan inte tillmötesgå ditt klagomål, eftersom vår utredning visade följande: {{ reasons }}

Om du har ytterligare uppgifter som vi inte har sett, skicka dem gärna till oss med ärendenummer {{ reference }}, så tittar vi på ärendet igen.

Tack för att du uppmärksammade oss på detta. Vi värdesätter dig som kund och hoppas att få fortsätta hjälpa dig.

Med vänliga hälsningar""",
    "outside": """Hej {{ customer_name }},

Tack för ditt brev av den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}) och för informationen du gav oss. Vi beklagar att du har fått det här problemet.

Vi har gått igenom ärendet. {{ reasons }} Den som ansvarar för detta är {{ third_party_name }}, och det är de som bäst kan hjälpa dig.

Vänd dig direkt till {{ third_party_name }}:
{{ third_party_contact }}
Det underlättar om du anger dina orderuppgifter och inköpsdatum när du kontaktar dem.

Tack för att du berättade om detta för oss. Vi hoppas att få fortsätta vara till tjänst, och vi hjälper gärna till om du behöver stöd i kontakten med dem.

Med vänliga hälsningar""",
    "holding": """Hej {{ customer_name }},

Tack för ditt brev av den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}) och för informationen du har gett oss.

Vi utreder fortfarande ärendet och behöver lite mer tid för att kunna ge dig ett fullständigt och genomtänkt svar. Vi räknar med att skicka vårt slutliga svar till dig senast den {{ reply_by }}. Om vi behöver något mer från dig under tiden hör vi av oss.

Tack för ditt tålamod och för att du uppmärksammade oss på detta.

Med vänliga hälsningar""",
    "summary_resolution": """Hej {{ customer_name }},

Tack för att du kontaktade oss den {{ complaint_date }} om {{ subject }} (ärende {{ reference }}).

Vi vill bekräfta att ärendet är löst så som vi kom överens med dig: {{ resolution }}

Om du tycker att ärendet inte är löst till din belåtenhet, svara gärna på det här brevet och ange ärendenummer {{ reference }}, så tittar vi på det igen.

Tack för dina synpunkter. Vi hoppas att få fortsätta vara till tjänst.

Med vänliga hälsningar""",
}

# Croatian letters continue after "Poštovani/a …," with a small letter, as the
# Croatian orthography has it, and write Vi, Vas, Vam, Vaš with a capital.
HR = {
    "justified": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam na pismu od {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}). Iskreno se ispričavamo zbog neugodnosti koje su Vam time nastale.

Ispitali smo što se dogodilo. {{ reasons }}
{% if root_cause %}
Uzrok problema: {{ root_cause }} Odgovornost za to je naša i u potpunosti je prihvaćamo.
{% endif %}{% if remedies %}
Kako bismo to ispravili, učinit ćemo sljedeće:
{{ remedies }}
{% endif %}{% if prevention %}
Kako se to ne bi ponovilo, poduzeli smo sljedeće mjere: {{ prevention }}{% if staff_measure %} {{ staff_measure }}{% endif %}
{% endif %}
Hvala Vam što ste odvojili vrijeme da nam to javite. Vaše nam povratne informacije pomažu da budemo bolji i nadamo se da ćemo Vam i dalje biti na usluzi.

S poštovanjem""",
    "partly_justified": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam na pismu od {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}). Razmotrili smo svaku točku koju ste naveli i ispričavamo se za dio problema za koji smo odgovorni.

Naše je ispitivanje pokazalo da je Vaš prigovor djelomično opravdan. {{ reasons }}
{% if root_cause %}
Uzrok problema na našoj strani: {{ root_cause }} Za taj dio preuzimamo punu odgovornost.
{% endif %}{% if remedies %}
Kako bismo to ispravili, učinit ćemo sljedeće:
{{ remedies }}
{% endif %}{% if prevention %}
Kako se to ne bi ponovilo, poduzeli smo sljedeće mjere: {{ prevention }}
{% endif %}
Hvala Vam na povratnim informacijama. Nadamo se da ćete nam i dalje ukazivati povjerenje i radujemo se daljnjoj suradnji.

S poštovanjem""",
    "not_justified": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam na pismu od {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}) i na informacijama koje ste nam dostavili. Žao nam je što niste zadovoljni.

Pažljivo smo razmotrili Vaš prigovor i ne možemo ga prihvatiti jer je naše ispitivanje pokazalo sljedeće: {{ reasons }}

Ako imate dodatne informacije koje još nismo vidjeli, molimo Vas da nam ih pošaljete uz broj predmeta {{ reference }}, kako bismo predmet ponovno razmotrili.

Hvala Vam što ste nam ukazali na ovaj problem. Cijenimo Vas kao kupca i nadamo se da ćemo Vam i dalje biti na usluzi.

S poštovanjem""",
    "outside": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam na pismu od {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}) i na informacijama koje ste nam dostavili. Žao nam je što ste imali ovaj problem.

Razmotrili smo predmet. {{ reasons }} Za ovo je nadležna tvrtka {{ third_party_name }}, koja Vam može najbolje pomoći.

Molimo Vas da se izravno obratite tvrtki {{ third_party_name }}:
{{ third_party_contact }}
Kada im se obratite, korisno je navesti podatke o narudžbi i datum kupnje.

Hvala Vam što ste nas o tome obavijestili. Nadamo se da ćemo Vam i dalje biti na usluzi, a rado ćemo Vam pomoći ako Vam zatreba pomoć u kontaktu s njima.

S poštovanjem""",
    "holding": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam na pismu od {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}) i na informacijama koje ste nam dostavili.

Predmet još ispitujemo i potrebno nam je nešto više vremena kako bismo Vam mogli dati potpun i promišljen odgovor. Konačan odgovor poslat ćemo Vam najkasnije do {{ reply_by }} Ako nam u međuvremenu zatreba još neka informacija, javit ćemo Vam se.

Hvala Vam na strpljenju i na tome što ste nam ukazali na ovaj problem.

S poštovanjem""",
    "summary_resolution": """Poštovani/a {{ customer_name }},

zahvaljujemo Vam što ste nam se obratili {{ complaint_date }} u vezi s predmetom „{{ subject }}” (broj predmeta {{ reference }}).

Ovim putem potvrđujemo da je predmet riješen kako smo s Vama dogovorili: {{ resolution }}

Ako smatrate da predmet nije riješen na Vaše zadovoljstvo, molimo Vas da odgovorite na ovo pismo uz broj predmeta {{ reference }}, kako bismo ga ponovno razmotrili.

Hvala Vam na povratnim informacijama. Nadamo se da ćemo Vam i dalje biti na usluzi.

S poštovanjem""",
}

BN = {
    "justified": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আপনার চিঠির জন্য আপনাকে আন্তরিক ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})। এর ফলে আপনার যে অসুবিধা হয়েছে, তার জন্য আমরা আন্তরিকভাবে ক্ষমাপ্রার্থী।

ঘটনাটি আমরা খতিয়ে দেখেছি। {{ reasons }}
{% if root_cause %}
সমস্যাটির কারণ: {{ root_cause }} এর দায় সম্পূর্ণভাবে আমাদের, এবং আমরা তা পুরোপুরি স্বীকার করছি।
{% endif %}{% if remedies %}
বিষয়টির প্রতিকারে আমরা যা করব:
{{ remedies }}
{% endif %}{% if prevention %}
ভবিষ্যতে যাতে এমন আর না ঘটে, সেজন্য আমরা নিম্নলিখিত ব্যবস্থা গ্রহণ করেছি: {{ prevention }}{% if staff_measure %} {{ staff_measure }}{% endif %}
{% endif %}
বিষয়টি আমাদের জানাতে সময় দেওয়ার জন্য আপনাকে ধন্যবাদ। আপনার মতামত আমাদের আরও ভালো হতে সাহায্য করে, এবং ভবিষ্যতেও আপনাকে সেবা দেওয়ার সুযোগ পাব বলে আশা করি।

বিনীত""",
    "partly_justified": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আপনার চিঠির জন্য আপনাকে আন্তরিক ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})। আপনার উত্থাপিত প্রতিটি বিষয় আমরা খতিয়ে দেখেছি, এবং সমস্যার যে অংশের দায় আমাদের, তার জন্য আমরা ক্ষমাপ্রার্থী।

আমাদের অনুসন্ধানে দেখা গেছে যে আপনার অভিযোগ আংশিকভাবে যথার্থ। {{ reasons }}
{% if root_cause %}
আমাদের দিক থেকে সমস্যাটির কারণ: {{ root_cause }} এই অংশের সম্পূর্ণ দায় আমরা স্বীকার করছি।
{% endif %}{% if remedies %}
বিষয়টির প্রতিকারে আমরা যা করব:
{{ remedies }}
{% endif %}{% if prevention %}
ভবিষ্যতে যাতে এমন আর না ঘটে, সেজন্য আমরা নিম্নলিখিত ব্যবস্থা গ্রহণ করেছি: {{ prevention }}
{% endif %}
আপনার মতামতের জন্য ধন্যবাদ। আশা করি ভবিষ্যতেও আপনি আমাদের সঙ্গে থাকবেন।

বিনীত""",
    "not_justified": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আপনার চিঠি এবং প্রদত্ত তথ্যের জন্য আপনাকে ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})। আপনি সন্তুষ্ট হতে পারেননি জেনে আমরা দুঃখিত।

আমরা বিষয়টি মনোযোগ দিয়ে খতিয়ে দেখেছি। আমাদের অনুসন্ধানে যা পাওয়া গেছে, সেই কারণে আপনার অভিযোগটি গ্রহণ করা সম্ভব হচ্ছে না: {{ reasons }}

আপনার কাছে যদি এমন কোনো তথ্য থাকে যা আমরা এখনও দেখিনি, অনুগ্রহ করে রেফারেন্স নম্বর {{ reference }} উল্লেখ করে আমাদের পাঠান; আমরা বিষয়টি আবার বিবেচনা করব।

বিষয়টি আমাদের নজরে আনার জন্য আপনাকে ধন্যবাদ। আপনি আমাদের মূল্যবান গ্রাহক, এবং ভবিষ্যতেও আপনাকে সেবা দেওয়ার আশা রাখি।

বিনীত""",
    "outside": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আপনার চিঠি এবং প্রদত্ত তথ্যের জন্য আপনাকে ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})। এই সমস্যার সম্মুখীন হওয়ায় আমরা দুঃখিত।

আমরা বিষয়টি খতিয়ে দেখেছি। {{ reasons }} এই বিষয়ের দায়িত্বপ্রাপ্ত প্রতিষ্ঠান হলো {{ third_party_name }}, এবং তারাই আপনাকে সবচেয়ে ভালোভাবে সাহায্য করতে পারবে।

অনুগ্রহ করে সরাসরি {{ third_party_name }}-এর সঙ্গে যোগাযোগ করুন:
{{ third_party_contact }}
যোগাযোগের সময় আপনার অর্ডারের বিবরণ ও ক্রয়ের তারিখ উল্লেখ করলে সুবিধা হবে।

বিষয়টি আমাদের জানানোর জন্য আপনাকে ধন্যবাদ। ভবিষ্যতেও আপনাকে সেবা দেওয়ার আশা রাখি, এবং তাদের সঙ্গে যোগাযোগে কোনো সহায়তা প্রয়োজন হলে আমরা সানন্দে সাহায্য করব।

বিনীত""",
    "holding": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আপনার চিঠি এবং প্রদত্ত তথ্যের জন্য আপনাকে ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})।

আমরা এখনও বিষয়টি খতিয়ে দেখছি, এবং আপনাকে একটি পূর্ণাঙ্গ ও সুবিবেচিত উত্তর দিতে আমাদের আরও কিছু সময় প্রয়োজন। আমরা {{ reply_by }} তারিখের মধ্যে আপনাকে চূড়ান্ত উত্তর পাঠাতে পারব বলে আশা করছি। এর মধ্যে আপনার কাছ থেকে আর কোনো তথ্যের প্রয়োজন হলে আমরা যোগাযোগ করব।

আপনার ধৈর্যের জন্য এবং বিষয়টি আমাদের নজরে আনার জন্য আপনাকে ধন্যবাদ।

বিনীত""",
    "summary_resolution": """প্রিয় {{ customer_name }},

{{ complaint_date }} তারিখে {{ subject }} বিষয়ে আমাদের সঙ্গে যোগাযোগ করার জন্য আপনাকে ধন্যবাদ (রেফারেন্স নম্বর {{ reference }})।

আমরা নিশ্চিত করছি যে আপনার সঙ্গে যেভাবে সম্মত হয়েছিলাম, সেভাবেই বিষয়টির সমাধান হয়েছে: {{ resolution }}

আপনি যদি মনে করেন যে বিষয়টির সন্তোষজনক সমাধান হয়নি, অনুগ্রহ করে রেফারেন্স নম্বর {{ reference }} উল্লেখ করে এই চিঠির উত্তর দিন; আমরা বিষয়টি আবার খতিয়ে দেখব।

আপনার মতামতের জন্য ধন্যবাদ। ভবিষ্যতেও আপনাকে সেবা দেওয়ার আশা রাখি।

বিনীত""",
}

TH = {
    "justified": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่อง {{ subject }} เมื่อวันที่ {{ complaint_date }} (เลขที่อ้างอิง {{ reference }}) ให้บริษัทฯ ทราบ และขออภัยเป็นอย่างสูงในความไม่สะดวกที่เกิดขึ้นกับท่าน

บริษัทฯ ได้ตรวจสอบเรื่องดังกล่าวแล้ว {{ reasons }}
{% if root_cause %}
สาเหตุของปัญหา: {{ root_cause }} บริษัทฯ ขอน้อมรับความรับผิดชอบในเรื่องนี้อย่างเต็มที่
{% endif %}{% if remedies %}
เพื่อแก้ไขปัญหาดังกล่าว บริษัทฯ จะดำเนินการดังนี้
{{ remedies }}
{% endif %}{% if prevention %}
เพื่อป้องกันไม่ให้เกิดเหตุการณ์เช่นนี้ขึ้นอีก บริษัทฯ ได้ดำเนินมาตรการดังนี้ {{ prevention }}{% if staff_measure %} {{ staff_measure }}{% endif %}
{% endif %}
บริษัทฯ ขอขอบคุณท่านที่สละเวลาแจ้งเรื่องนี้ให้ทราบ ความคิดเห็นของท่านมีคุณค่าอย่างยิ่งต่อบริษัทฯ และหวังเป็นอย่างยิ่งว่าจะได้มีโอกาสให้บริการท่านต่อไป

ขอแสดงความนับถือ""",
    "partly_justified": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่อง {{ subject }} เมื่อวันที่ {{ complaint_date }} (เลขที่อ้างอิง {{ reference }}) ให้บริษัทฯ ทราบ บริษัทฯ ได้พิจารณาทุกประเด็นที่ท่านแจ้งมาแล้ว และขออภัยในส่วนของปัญหาที่อยู่ในความรับผิดชอบของบริษัทฯ

จากการตรวจสอบ บริษัทฯ พบว่าข้อร้องเรียนของท่านมีมูลเป็นบางส่วน {{ reasons }}
{% if root_cause %}
สาเหตุของปัญหาในส่วนของบริษัทฯ: {{ root_cause }} บริษัทฯ ขอน้อมรับความรับผิดชอบในส่วนนี้อย่างเต็มที่
{% endif %}{% if remedies %}
เพื่อแก้ไขปัญหาดังกล่าว บริษัทฯ จะดำเนินการดังนี้
{{ remedies }}
{% endif %}{% if prevention %}
เพื่อป้องกันไม่ให้เกิดเหตุการณ์เช่นนี้ขึ้นอีก บริษัทฯ ได้ดำเนินมาตรการดังนี้ {{ prevention }}
{% endif %}
ขอขอบคุณสำหรับความคิดเห็นของท่าน และหวังเป็นอย่างยิ่งว่าท่านจะไว้วางใจใช้บริการของบริษัทฯ ต่อไป

ขอแสดงความนับถือ""",
    "not_justified": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่อง {{ subject }} เมื่อวันที่ {{ complaint_date }} (เลขที่อ้างอิง {{ reference }}) พร้อมทั้งข้อมูลที่เป็นประโยชน์ให้บริษัทฯ ทราบ และรู้สึกเสียใจที่ท่านไม่ได้รับความพึงพอใจ

บริษัทฯ ได้ตรวจสอบเรื่องดังกล่าวอย่างละเอียดแล้ว และไม่สามารถรับข้อร้องเรียนนี้ได้ เนื่องจากผลการตรวจสอบพบดังนี้ {{ reasons }}

หากท่านมีข้อมูลเพิ่มเติมที่บริษัทฯ ยังไม่ได้รับ โปรดส่งมายังบริษัทฯ โดยระบุเลขที่อ้างอิง {{ reference }} บริษัทฯ ยินดีพิจารณาเรื่องนี้อีกครั้ง

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่องนี้ให้ทราบ และหวังเป็นอย่างยิ่งว่าจะได้มีโอกาสให้บริการท่านต่อไป

ขอแสดงความนับถือ""",
    "outside": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่อง {{ subject }} เมื่อวันที่ {{ complaint_date }} (เลขที่อ้างอิง {{ reference }}) พร้อมทั้งข้อมูลที่เป็นประโยชน์ให้บริษัทฯ ทราบ และรู้สึกเสียใจที่ท่านประสบปัญหาดังกล่าว

บริษัทฯ ได้ตรวจสอบเรื่องดังกล่าวแล้ว {{ reasons }} ผู้รับผิดชอบในเรื่องนี้คือ {{ third_party_name }} ซึ่งสามารถให้ความช่วยเหลือท่านได้ดีที่สุด

โปรดติดต่อ {{ third_party_name }} โดยตรงได้ที่
{{ third_party_contact }}
เมื่อติดต่อ กรุณาแจ้งรายละเอียดการสั่งซื้อและวันที่ซื้อสินค้า เพื่อความสะดวกในการดำเนินการ

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่องนี้ให้ทราบ หากท่านต้องการความช่วยเหลือในการติดต่อ บริษัทฯ ยินดีช่วยเหลือ และหวังเป็นอย่างยิ่งว่าจะได้มีโอกาสให้บริการท่านต่อไป

ขอแสดงความนับถือ""",
    "holding": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้แจ้งเรื่อง {{ subject }} เมื่อวันที่ {{ complaint_date }} (เลขที่อ้างอิง {{ reference }}) พร้อมทั้งข้อมูลที่เป็นประโยชน์ให้บริษัทฯ ทราบ

ขณะนี้บริษัทฯ อยู่ระหว่างการตรวจสอบเรื่องดังกล่าว และต้องใช้เวลาเพิ่มเติมอีกระยะหนึ่งเพื่อให้คำตอบที่ครบถ้วนแก่ท่าน บริษัทฯ คาดว่าจะแจ้งผลการพิจารณาขั้นสุดท้ายให้ท่านทราบภายในวันที่ {{ reply_by }} หากบริษัทฯ ต้องการข้อมูลเพิ่มเติมจากท่าน บริษัทฯ จะติดต่อท่านโดยตรง

บริษัทฯ ขอขอบคุณในความอดทนรอของท่าน และขอขอบคุณอีกครั้งที่ได้แจ้งเรื่องนี้ให้ทราบ

ขอแสดงความนับถือ""",
    "summary_resolution": """เรียน คุณ{{ customer_name }}

บริษัทฯ ขอขอบคุณท่านที่ได้ติดต่อบริษัทฯ เมื่อวันที่ {{ complaint_date }} เรื่อง {{ subject }} (เลขที่อ้างอิง {{ reference }})

บริษัทฯ ขอยืนยันว่าเรื่องดังกล่าวได้รับการแก้ไขเรียบร้อยแล้วตามที่ได้ตกลงกับท่าน ดังนี้ {{ resolution }}

หากท่านเห็นว่าเรื่องดังกล่าวยังไม่ได้รับการแก้ไขอย่างน่าพอใจ โปรดตอบกลับหนังสือฉบับนี้โดยระบุเลขที่อ้างอิง {{ reference }} บริษัทฯ ยินดีตรวจสอบเรื่องนี้อีกครั้ง

ขอขอบคุณสำหรับความคิดเห็นของท่าน และหวังเป็นอย่างยิ่งว่าจะได้มีโอกาสให้บริการท่านต่อไป

ขอแสดงความนับถือ""",
}

BODIES: dict[str, dict[str, str]] = {"en": EN, "sv": SV, "hr": HR, "bn": BN, "th": TH}
KINDS = (
    "justified",
    "partly_justified",
    "not_justified",
    "outside",
    "holding",
    "summary_resolution",
)


def seed_rows() -> list[dict[str, str]]:
    """Every template as the rows of LetterTemplate: kind, language, subject, body."""
    rows = []
    for language, bodies in BODIES.items():
        subjects = SUBJECTS[language]
        for kind in KINDS:
            rows.append(
                {
                    "kind": kind,
                    "language": language,
                    "subject": subjects.get(kind, subjects["default"]),
                    "body": bodies[kind],
                }
            )
    return rows
