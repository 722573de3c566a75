package domain

// Enumerations are stored as their Chinese values, the words on the bureau's forms.
// Their English renderings live in the message catalogue under "enum.<value>".

// Class is an asset register's key (lamps, trash-bins…): what ledgerctl and the import
// formats name it by. Its declaration is a ClassDef of the Catalogue.
type Class string

const (
	Vehicles        Class = "vehicles"
	Lamps           Class = "lamps"
	GreenAreas      Class = "green-areas"
	SewerPipes      Class = "sewer-pipes"
	SewerFacilities Class = "sewer-facilities"
	Roads           Class = "roads"
)

// Valid reports whether c looks like a class key. Whether the class exists is the
// catalogue's to say (Catalogue.Class): classes are data.
func (c Class) Valid() bool { return ValidClassKey(string(c)) }

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

// Funding sources of a maintenance record.
const (
	FundFiscal = "财政拨款"
	FundOther  = "其他资金"
)

var Fundings = []string{FundFiscal, FundOther}

// WorkTypes are the kinds of maintenance work and running cost a record can be.
var WorkTypes = []string{"维修", "更换", "巡查", "清掏", "修剪", "补植", "除草", "病虫害防治", "清洗", "电费", "燃料费", "保险费", "过路过桥费", "其他"}

// QuantityUnits are the units a record's quantity may be measured in.
var QuantityUnits = []string{"盏", "米", "㎡", "次", "辆", "个", "座", "块", "株"}

// OneOf reports whether v is among allowed.
func OneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if a == v {
			return true
		}
	}
	return false
}
