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

// AccountingCategoryOf is the category the assets of class c are accounted in, as the
// class's declaration in cat says (vehicles 通用设备, the network assets 公共基础设施…);
// 其他 for a class cat does not declare. The report asks only this function.
func AccountingCategoryOf(cat *Catalogue, c Class) AccountingCategory {
	if cat == nil {
		cat = BuiltinCatalogue()
	}
	if d, ok := cat.Class(c); ok && d.Category != "" {
		return d.Category
	}
	return CategoryOther
}
