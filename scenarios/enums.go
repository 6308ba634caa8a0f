package scenarios

// The values a scenario file may give to its enumerated keys, as the
// validator checks them (validate.go) and the engine and readers compare
// them.

// Effects of signing an agenda text (Issue.Effect).
const (
	EffectNone             = ""
	EffectCeasefire        = "ceasefire"
	EffectRestoreCeasefire = "restore_ceasefire"
	EffectJointCommission  = "joint_commission"
	EffectFramework        = "framework"
	EffectFinal            = "final"
)

// Calendar modes (Calendar.Mode).
const (
	ModeHistorical = "historical"
	ModeEndogenous = "endogenous"
)

// Kinds of meeting (Meeting.Kind).
const (
	KindRound        = "round"
	KindConsultation = "consultation"
	KindLeaders      = "leaders"
)

// Who drafts the texts (Offer.Drafter).
const (
	DrafterUN      = "un"
	DrafterParties = "parties"
)
