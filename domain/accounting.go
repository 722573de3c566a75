package domain

// AccountingCategory is the fixed-asset category (资产分类, GB/T 14885) a class's assets
// are accounted in; the report's equipment sentence counts 通用设备 and 专用设备 by it.
type AccountingCategory string

const (
	CategoryGeneralEquipment AccountingCategory = "通用设备"
	CategorySpecialEquipment AccountingCategory = "专用设备"
	CategoryBuildings        AccountingCategory = "房屋和构筑物"
	CategoryInfrastructure   AccountingCategory = "公共基础设施"
	CategoryOther            AccountingCategory = "其他"
)

// AccountingCategories lists the categories in the standard's order.
var AccountingCategories = []AccountingCategory{CategoryBuildings, CategoryGeneralEquipment,
	CategorySpecialEquipment, CategoryInfrastructure, CategoryOther}

// AccountingCategoryOf is the category the assets of class c are accounted in: vehicles
// are 通用设备 (GB/T 14885), the network assets (lamps, pipes, facilities, roads, green
// areas) 公共基础设施. The class catalogue makes the category part of each class's
// declaration; until then this is the one place that says it, and the report asks
// only this function.
func AccountingCategoryOf(c Class) AccountingCategory {
	switch c {
	case Vehicles:
		return CategoryGeneralEquipment
	case Lamps, GreenAreas, SewerPipes, SewerFacilities, Roads:
		return CategoryInfrastructure
	}
	return CategoryOther
}
