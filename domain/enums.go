package domain

// Enumerations are stored as their Chinese values, the words on the bureau's forms.
// Their English renderings live in the message catalogue under "enum.<value>".

// Class is an asset register. Its value is the key used by ledgerctl and the import formats.
type Class string

const (
	Vehicles        Class = "vehicles"
	Lamps           Class = "lamps"
	GreenAreas      Class = "green-areas"
	SewerPipes      Class = "sewer-pipes"
	SewerFacilities Class = "sewer-facilities"
	Roads           Class = "roads"
)

// Classes lists the asset registers in the order screens and reports show them.
var Classes = []Class{Vehicles, Lamps, GreenAreas, SewerPipes, SewerFacilities, Roads}

var classChinese = map[Class]string{
	Vehicles: "车辆", Lamps: "路灯", GreenAreas: "绿地",
	SewerPipes: "排水管道", SewerFacilities: "排水设施", Roads: "道路",
}

// Chinese is the class's Chinese name (车辆, 路灯, …).
func (c Class) Chinese() string { return classChinese[c] }

// Valid reports whether c is one of the asset registers.
func (c Class) Valid() bool { _, ok := classChinese[c]; return ok }

// ParseClass accepts a class key or its Chinese name.
func ParseClass(s string) (Class, bool) {
	if c := Class(s); c.Valid() {
		return c, true
	}
	for c, zh := range classChinese {
		if zh == s {
			return c, true
		}
	}
	return "", false
}

// Status of an asset. Assets are retired (已处置) rather than deleted.
const (
	StatusInUse    = "在用"
	StatusIdle     = "停用"
	StatusDisposed = "已处置"
)

var Statuses = []string{StatusInUse, StatusIdle, StatusDisposed}

// Vehicle use categories, in the order the report names them.
const (
	UseLeader       = "主要领导干部用车"
	UseConfidential = "机要通信用车"
	UseEmergency    = "应急保障用车"
	UseOther        = "其他用车"
	UseLaw          = "执法执勤用车"
	UseSpecial      = "特种专业技术用车"
	UseRetired      = "离退休干部用车"
)

// UseCategories is the order of the report's vehicle sentence.
var UseCategories = []string{UseLeader, UseConfidential, UseEmergency, UseOther, UseLaw, UseSpecial, UseRetired}

// Body types of vehicles; the first three are always named in the 公务用车 sentences.
var BodyTypes = []string{"轿车", "越野车", "载客汽车", "皮卡车", "货车", "专用车", "其他"}

// KindsOf lists the allowed values of an asset's type/kind field per class.
var KindsOf = map[Class][]string{
	Vehicles:        UseCategories,
	Lamps:           {"通电路灯", "太阳能路灯", "景观灯"},
	GreenAreas:      {"公共绿地", "道路绿地", "行道树", "古树名木"},
	SewerPipes:      {"污水", "雨水", "合流", "其他"},
	SewerFacilities: {"泵站", "污水处理厂", "检查井", "其他"},
	Roads:           {"车行道", "人行道", "巷道"},
}

// Funding sources of a maintenance record.
const (
	FundFiscal = "财政拨款"
	FundOther  = "其他资金"
)

var Fundings = []string{FundFiscal, FundOther}

// WorkTypes are the kinds of maintenance work and running cost a record can be.
var WorkTypes = []string{"维修", "更换", "巡查", "清掏", "修剪", "补植", "除草", "病虫害防治", "清洗", "电费", "燃料费", "保险费", "过路过桥费", "其他"}

// QuantityUnits are the units a record's quantity may be measured in.
var QuantityUnits = []string{"盏", "米", "㎡", "次", "辆"}

// OneOf reports whether v is among allowed.
func OneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if a == v {
			return true
		}
	}
	return false
}
