package synth

import (
	"strings"
	"time"
)

// The code systems used in more than one place.
const (
	sysLOINC  = "http://loinc.org"
	sysSNOMED = "http://snomed.info/sct"
	sysRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
	sysUCUM   = "http://unitsofmeasure.org"
	sysNPI    = "http://hl7.org/fhir/sid/us-npi"
)

// city is a place with its postal code and a phone number pattern ('#' is
// a random digit), in ranges reserved for fiction where there is one.
type city struct{ name, state, postal, phone string }

// locale is a country's names, places and conventions. streets are
// formats taking the house number.
type locale struct {
	country, lang, langName string
	tz                      *time.Location
	cities                  []city
	streets                 []string
	male, female, family    []string
}

var locales = []locale{
	{country: "US", lang: "en-US", langName: "English (United States)", tz: time.FixedZone("", -5*3600),
		cities: []city{{"Boston", "MA", "02118", "+1 617-555-01##"}, {"Springfield", "IL", "62701", "+1 217-555-01##"}, {"Austin", "TX", "78701", "+1 512-555-01##"},
			{"Portland", "OR", "97205", "+1 503-555-01##"}, {"Columbus", "OH", "43215", "+1 614-555-01##"}},
		streets: []string{"%d Maple Street", "%d Oak Avenue", "%d Washington Boulevard", "%d Elm Court", "%d Lakeview Drive"},
		male:    []string{"James", "Michael", "David", "Daniel", "Carlos", "Andre", "Kevin", "Wei", "Raj", "Thomas"},
		female:  []string{"Mary", "Jennifer", "Emily", "Sarah", "Maria", "Aisha", "Grace", "Linda", "Mei", "Priya"},
		family:  []string{"Smith", "Johnson", "Williams", "Garcia", "Nguyen", "Patel", "Brown", "Okafor", "Miller", "Kim", "Rodriguez", "Cohen"}},
	{country: "GB", lang: "en-GB", langName: "English (United Kingdom)", tz: time.FixedZone("", 0),
		cities: []city{{"London", "", "E1 6AN", "+44 20 7946 0###"}, {"Manchester", "", "M1 1AE", "+44 161 496 0###"}, {"Edinburgh", "", "EH1 1YZ", "+44 131 496 0###"},
			{"Bristol", "", "BS1 4DJ", "+44 117 496 0###"}, {"Leeds", "", "LS1 4AP", "+44 113 496 0###"}},
		streets: []string{"%d High Street", "%d Church Road", "%d Station Road", "%d Victoria Street", "%d Park Lane"},
		male:    []string{"Oliver", "George", "Harry", "Jack", "Mohammed", "William", "Callum", "Rhys"},
		female:  []string{"Olivia", "Amelia", "Isla", "Emily", "Charlotte", "Freya", "Niamh", "Zara"},
		family:  []string{"Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Khan", "O'Brien", "Campbell", "Walker"}},
	{country: "DE", lang: "de-DE", langName: "German (Germany)", tz: time.FixedZone("", 3600),
		cities: []city{{"Berlin", "", "10115", "+49 30 23125 ###"}, {"München", "", "80331", "+49 89 99998 ###"}, {"Hamburg", "", "20095", "+49 40 66969 ###"},
			{"Köln", "", "50667", "+49 221 4710 ###"}, {"Frankfurt am Main", "", "60311", "+49 69 90009 ###"}},
		streets: []string{"Hauptstraße %d", "Bahnhofstraße %d", "Lindenallee %d", "Gartenweg %d", "Schillerstraße %d"},
		male:    []string{"Lukas", "Jonas", "Felix", "Maximilian", "Stefan", "Jürgen", "Mehmet", "Tobias"},
		female:  []string{"Anna", "Lena", "Sophie", "Katrin", "Ursula", "Leonie", "Ayşe", "Julia"},
		family:  []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Yılmaz", "Hoffmann", "Schäfer"}},
	{country: "CH", lang: "de-CH", langName: "German (Switzerland)", tz: time.FixedZone("", 3600),
		cities: []city{{"Zürich", "ZH", "8002", "+41 44 555 ## ##"}, {"Bern", "BE", "3011", "+41 31 555 ## ##"}, {"Basel", "BS", "4051", "+41 61 555 ## ##"},
			{"St. Gallen", "SG", "9000", "+41 71 555 ## ##"}, {"Luzern", "LU", "6003", "+41 41 555 ## ##"}},
		streets: []string{"Seestrasse %d", "Bahnhofstrasse %d", "Dorfstrasse %d", "Kirchgasse %d", "Bergstrasse %d"},
		male:    []string{"Luca", "Noah", "Jonas", "Marco", "Urs", "Beat", "Matteo", "Reto"},
		female:  []string{"Mia", "Laura", "Nina", "Sandra", "Ursula", "Chiara", "Elena", "Franziska"},
		family:  []string{"Keller", "Meier", "Brunner", "Gerber", "Frei", "Baumann", "Huber", "Rossi", "Moser", "Steiner"}},
	{country: "FR", lang: "fr-FR", langName: "French (France)", tz: time.FixedZone("", 3600),
		cities: []city{{"Paris", "", "75011", "+33 1 99 00 ## ##"}, {"Lyon", "", "69003", "+33 4 65 71 ## ##"}, {"Marseille", "", "13001", "+33 4 65 71 ## ##"},
			{"Toulouse", "", "31000", "+33 5 36 49 ## ##"}, {"Nantes", "", "44000", "+33 2 61 91 ## ##"}},
		streets: []string{"%d rue de la République", "%d avenue Victor Hugo", "%d rue Pasteur", "%d boulevard Voltaire", "%d place du Marché"},
		male:    []string{"Lucas", "Hugo", "Louis", "Thomas", "Pierre", "Mathieu", "Karim", "Antoine"},
		female:  []string{"Camille", "Léa", "Chloé", "Manon", "Isabelle", "Nathalie", "Inès", "Sophie"},
		family:  []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Benali"}},
}

// asciiFold spells out the accented letters of the name lists.
var asciiFold = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e",
	"ç", "c", "ş", "s", "ı", "i", "ï", "i", "î", "i")

var orgKinds = []string{"General Hospital", "University Hospital", "Medical Center", "Community Health Center", "Family Practice"}

// vital is a vital sign: its LOINC code, UCUM unit and precision.
type vital struct {
	code, display, unit, ucum string
	decimals                  int
}

var (
	bpPanel     = vital{code: "85354-9", display: "Blood pressure panel with all children optional"}
	systolic    = vital{"8480-6", "Systolic blood pressure", "mmHg", "mm[Hg]", 0}
	diastolic   = vital{"8462-4", "Diastolic blood pressure", "mmHg", "mm[Hg]", 0}
	heartRate   = vital{"8867-4", "Heart rate", "beats/minute", "/min", 0}
	respRate    = vital{"9279-1", "Respiratory rate", "breaths/minute", "/min", 0}
	bodyTemp    = vital{"8310-5", "Body temperature", "Cel", "Cel", 1}
	oxygenSat   = vital{"59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%", 0}
	bodyWeight  = vital{"29463-7", "Body weight", "kg", "kg", 1}
	bodyHeight  = vital{"8302-2", "Body height", "cm", "cm", 1}
	bodyMassIdx = vital{"39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "kg/m2", 1}
)

// disorder is a chronic condition (SNOMED CT) and its usual first-line
// drug (RxNorm).
type disorder struct {
	code, display string
	drug          drug
}

// drug is a prescription: what, how much, how often (freq times per
// period periodUnit), and what a 90-day (or one-pack) supply is.
type drug struct {
	rxnorm, display, text string
	dose                  float64
	unit, ucum            string
	freq, period          int
	periodUnit            string
	asNeeded              bool
	form                  string
	supply                int
}

// SNOMED CT codes of the disorders that shape the vital signs.
const (
	snomedDiabetes     = "44054006"
	snomedHypertension = "38341003"
	snomedAsthma       = "195967001"
	snomedAFib         = "49436004"
)

var disorders = []disorder{
	{snomedDiabetes, "Diabetes mellitus type 2", drug{"860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet",
		"500 mg once daily with the evening meal", 500, "mg", "mg", 1, 1, "d", false, "tablet", 90}},
	{snomedHypertension, "Hypertensive disorder, systemic arterial", drug{"314076", "lisinopril 10 MG Oral Tablet",
		"10 mg once daily", 10, "mg", "mg", 1, 1, "d", false, "tablet", 90}},
	{snomedAsthma, "Asthma", drug{"745679", "200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler",
		"2 puffs every 4 to 6 hours as needed for wheezing", 2, "puff", "{puff}", 1, 4, "h", true, "inhaler", 1}},
	{"55822004", "Hyperlipidemia", drug{"259255", "atorvastatin 80 MG Oral Tablet",
		"80 mg once daily at bedtime", 80, "mg", "mg", 1, 1, "d", false, "tablet", 90}},
	{"35489007", "Depressive disorder", drug{"312940", "sertraline 50 MG Oral Tablet",
		"50 mg once daily in the morning", 50, "mg", "mg", 1, 1, "d", false, "tablet", 90}},
	{snomedAFib, "Atrial fibrillation", drug{"1364445", "apixaban 5 MG Oral Tablet",
		"5 mg twice daily", 5, "mg", "mg", 2, 1, "d", false, "tablet", 180}},
}

// acute are self-limiting conditions, recorded as resolved.
var acute = [][2]string{
	{"444814009", "Viral sinusitis"}, {"10509002", "Acute bronchitis"},
	{"195662009", "Acute viral pharyngitis"}, {"233604007", "Pneumonia"},
}

// allergen is a substance (SNOMED CT) and a typical reaction to it.
type allergen struct {
	code, display, category, criticality string
	reaction, reactionDisplay, severity  string
}

var allergens = []allergen{
	{"764146007", "Penicillin", "medication", "high", "247472004", "Hives", "moderate"},
	{"762952008", "Peanut", "food", "high", "39579001", "Anaphylaxis", "severe"},
	{"387207008", "Ibuprofen", "medication", "low", "271807003", "Eruption of skin", "mild"},
	{"111088007", "Latex", "environment", "low", "418290006", "Itching", "mild"},
	{"256277009", "Grass pollen", "environment", "low", "61582004", "Allergic rhinitis", "mild"},
	{"102263004", "Eggs (edible)", "food", "low", "422587007", "Nausea", "mild"},
}

// surgery is a procedure (SNOMED CT), its body site and usual duration.
type surgery struct {
	code, display, site, siteDisplay string
	minutes                          int
}

var surgeries = []surgery{
	{"80146002", "Appendectomy", "66754008", "Appendix structure", 60},
	{"38102005", "Cholecystectomy", "28231008", "Gallbladder structure", 90},
	{"73761001", "Colonoscopy", "71854001", "Colon structure", 40},
	{"609588000", "Total knee replacement", "72696002", "Knee region structure", 120},
	{"232717009", "Coronary artery bypass grafting", "41801008", "Coronary artery structure", 240},
}

// vaccine is a CVX code and its dose in mL.
type vaccine struct {
	code, display string
	mL            float64
}

var vaccines = []vaccine{
	{"140", "Influenza, seasonal, injectable, preservative free", 0.5},
	{"208", "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose", 0.3},
	{"115", "Tdap", 0.5},
	{"133", "Pneumococcal conjugate PCV 13", 0.5},
	{"187", "zoster vaccine recombinant", 0.5},
	{"43", "Hep B, adult", 1},
}

// xrayReadings are chest X-ray findings and the radiologist's impression.
var xrayReadings = [][2]string{
	{"The lungs are clear. Heart size is normal. No pleural effusion or pneumothorax.", "No acute cardiopulmonary abnormality."},
	{"Patchy opacity in the right lower lobe. No pleural effusion.", "Right lower lobe opacity, consistent with pneumonia in the appropriate clinical setting."},
	{"The cardiac silhouette is mildly enlarged. No pulmonary edema.", "Mild cardiomegaly without pulmonary edema."},
	{"The lungs are hyperinflated with flattened hemidiaphragms. No focal consolidation.", "Hyperinflation, no acute process."},
	{"Small left pleural effusion with adjacent atelectasis. Heart size is normal.", "Small left pleural effusion."},
}
