package storage

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The catalogue a database holds: the built-in classes (embedded in the program), the
// fields users added to them and the users' own classes (the asset_classes table).
// Every store caches the merged catalogue and reloads it when the catalogue version in
// ledger_settings moved, which another program on a shared PostgreSQL may have done.

const (
	settingCatalogueVersion = "catalogue_version"
	settingDistrictCode     = "district_code"
)

// catalogueCache is the last catalogue loaded and the version it was loaded at.
type catalogueCache struct {
	mu      sync.Mutex
	cat     *domain.Catalogue
	version string
	checked time.Time
}

// catalogueRecheck is how long a loaded catalogue is trusted before the version is
// read again: queries run many times a second while a register scrolls.
const catalogueRecheck = 2 * time.Second

type classRow struct {
	Key        string `gorm:"primaryKey"`
	Builtin    bool
	Definition string
	Version    int64
	UpdatedAt  string
}

func (classRow) TableName() string { return "asset_classes" }

// Catalogue is the database's catalogue as it stands now (read afresh).
func (d *DB) Catalogue(ctx context.Context) (*domain.Catalogue, error) {
	return d.catalogue(ctx, true)
}

// catalogue is the cached catalogue; fresh forces a version check.
func (d *DB) catalogue(ctx context.Context, fresh bool) (*domain.Catalogue, error) {
	c := &d.cat
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cat != nil && !fresh && time.Since(c.checked) < catalogueRecheck {
		return c.cat, nil
	}
	version, err := readSetting(d.r.WithContext(ctx), settingCatalogueVersion)
	if err != nil {
		return nil, err
	}
	if c.cat != nil && version == c.version {
		c.checked = time.Now()
		return c.cat, nil
	}
	cat, err := loadCatalogue(d.r.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	c.cat, c.version, c.checked = cat, version, time.Now()
	return cat, nil
}

// forgetCatalogue drops the cache after a change of this store's own.
func (d *DB) forgetCatalogue() {
	d.cat.mu.Lock()
	d.cat.cat = nil
	d.cat.mu.Unlock()
}

// classOf is the declaration of class key.
func (d *DB) classOf(ctx context.Context, key domain.Class) (*domain.ClassDef, error) {
	cat, err := d.catalogue(ctx, false)
	if err != nil {
		return nil, err
	}
	if def, ok := cat.Class(key); ok {
		return def, nil
	}
	// A class another program just declared: look again before refusing.
	if cat, err = d.catalogue(ctx, true); err != nil {
		return nil, err
	}
	if def, ok := cat.Class(key); ok {
		return def, nil
	}
	return nil, unknownClass(key)
}

func unknownClass(key domain.Class) error {
	return domain.Invalid(domain.FieldError{Field: "asset_class", Value: string(key), Rule: "unknown_class"})
}

func loadCatalogue(db *gorm.DB) (*domain.Catalogue, error) {
	var rows []classRow
	if err := db.Order("key").Find(&rows).Error; err != nil {
		return nil, domain.Internal("query", err)
	}
	var user []domain.ClassDef
	added := map[domain.Class][]domain.Field{}
	for _, r := range rows {
		if r.Builtin {
			var fields []domain.Field
			if err := json.Unmarshal([]byte(r.Definition), &fields); err != nil {
				return nil, domain.Internal("catalogue", fmt.Errorf("%s: %w", r.Key, err))
			}
			added[domain.Class(r.Key)] = fields
			continue
		}
		var def domain.ClassDef
		if err := json.Unmarshal([]byte(r.Definition), &def); err != nil {
			return nil, domain.Internal("catalogue", fmt.Errorf("%s: %w", r.Key, err))
		}
		user = append(user, def)
	}
	cat, err := domain.Extend(domain.BuiltinCatalogue(), user, added)
	if err != nil {
		// A stored declaration this program cannot take (a newer built-in field has its
		// key): keep what loads, say so in the log.
		log.Printf("catalogue: %v", err)
	}
	return cat, nil
}

func readSetting(db *gorm.DB, key string) (string, error) {
	var vals []string
	if err := db.Raw("SELECT value FROM ledger_settings WHERE key = ?", key).Scan(&vals).Error; err != nil {
		return "", domain.Internal("query", err)
	}
	if len(vals) == 0 {
		return "", nil
	}
	return vals[0], nil
}

func writeSetting(tx *gorm.DB, key, value string) error {
	res := tx.Exec("UPDATE ledger_settings SET value = ?, updated_at = ? WHERE key = ?", value, now(), key)
	if res.Error != nil {
		return domain.Internal("save", res.Error)
	}
	if res.RowsAffected == 0 {
		if err := tx.Exec("INSERT INTO ledger_settings (key, value, updated_at) VALUES (?, ?, ?)", key, value, now()).Error; err != nil {
			return domain.Internal("save", err)
		}
	}
	return nil
}

// mayIndex reports whether this login may create and drop indexes: on PostgreSQL only
// the tables' owner may.
func (d *DB) mayIndex() bool { return !d.postgres || d.access.Role == domain.RoleOwner }

// changeCatalogue runs fn on the stored catalogue in one transaction, saves the class
// rows fn changed, creates or drops the attribute indexes that follow and moves the
// catalogue version, so every store reloads.
func (d *DB) changeCatalogue(ctx context.Context, fn func(tx *gorm.DB, cat *domain.Catalogue) (changed []domain.Class, err error)) error {
	err := d.write(ctx, func(tx *gorm.DB) error {
		cat, err := loadCatalogue(tx)
		if err != nil {
			return err
		}
		before := attrIndexes(cat, d.postgres)
		changed, err := fn(tx, cat)
		if err != nil {
			return err
		}
		for _, key := range changed {
			if err := saveClassRow(tx, cat, key); err != nil {
				return err
			}
		}
		after := attrIndexes(cat, d.postgres)
		if !d.mayIndex() {
			// Only the tables' owner may create indexes on a shared server: the owner's
			// next start creates them (ensureAttrIndexes); until then the class's
			// registers sort without.
			after = before
		}
		for name, ddl := range after {
			if _, ok := before[name]; !ok {
				if err := tx.Exec(ddl).Error; err != nil {
					return classify("save", err)
				}
			}
		}
		for name := range before {
			if _, ok := after[name]; !ok {
				if err := tx.Exec("DROP INDEX IF EXISTS " + name).Error; err != nil {
					return classify("save", err)
				}
			}
		}
		return writeSetting(tx, settingCatalogueVersion, strconv.FormatInt(time.Now().UnixNano(), 36))
	})
	d.forgetCatalogue()
	return err
}

// saveClassRow stores class key's entry: the declaration of a user class, the added
// fields of a built-in one; a class no longer in cat (or a built-in without added
// fields) loses its row.
func saveClassRow(tx *gorm.DB, cat *domain.Catalogue, key domain.Class) error {
	def, ok := cat.Class(key)
	var row *classRow
	switch {
	case !ok:
	case def.Builtin:
		if added := def.AddedFields(); len(added) > 0 {
			b, _ := json.Marshal(added)
			row = &classRow{Key: string(key), Builtin: true, Definition: string(b)}
		}
	default:
		b, _ := json.Marshal(def)
		row = &classRow{Key: string(key), Definition: string(b)}
	}
	if err := tx.Exec("DELETE FROM asset_classes WHERE key = ?", string(key)).Error; err != nil {
		return domain.Internal("save", err)
	}
	if row == nil {
		return nil
	}
	row.Version, row.UpdatedAt = 1, now()
	if err := tx.Create(row).Error; err != nil {
		return domain.Internal("save", err)
	}
	return nil
}

// AddClass declares a user class.
func (d *DB) AddClass(ctx context.Context, def domain.ClassDef) (*domain.ClassDef, error) {
	var out *domain.ClassDef
	err := d.changeCatalogue(ctx, func(tx *gorm.DB, cat *domain.Catalogue) ([]domain.Class, error) {
		added, err := cat.AddClass(def)
		if err != nil {
			return nil, err
		}
		out = added
		b, _ := json.Marshal(added)
		return []domain.Class{added.Key}, d.auditNote(tx, "add-class", "catalogue", string(added.Key), "", string(b))
	})
	return out, err
}

// AddField declares a field of a class.
func (d *DB) AddField(ctx context.Context, class domain.Class, f domain.Field) (*domain.Field, error) {
	var out *domain.Field
	err := d.changeCatalogue(ctx, func(tx *gorm.DB, cat *domain.Catalogue) ([]domain.Class, error) {
		added, err := cat.AddField(class, f)
		if err != nil {
			return nil, err
		}
		out = added
		b, _ := json.Marshal(added)
		return []domain.Class{class}, d.auditNote(tx, "add-field", "catalogue", string(class), "", string(b))
	})
	return out, err
}

// RemoveField drops a user-added field. Values still held are refused unless force, in
// which case each asset's value goes into its audit history before it is removed.
func (d *DB) RemoveField(ctx context.Context, class domain.Class, field string, force bool) error {
	return d.changeCatalogue(ctx, func(tx *gorm.DB, cat *domain.Catalogue) ([]domain.Class, error) {
		def, ok := cat.Class(class)
		if !ok {
			return nil, unknownClass(class)
		}
		f, ok := def.Field(field)
		if !ok {
			return nil, domain.Errorf(domain.KindNotFound, "err.not_found", map[string]any{"What": i18n.Key("catalogue.field"), "Key": field})
		}
		if !f.Attribute() || f.Builtin || f.Common {
			return nil, domain.Errorf(domain.KindInvalid, "catalogue.err.builtin_field", map[string]any{"Field": f.Label})
		}
		var rows []assetRow
		q := fmt.Sprintf("SELECT * FROM assets WHERE class = '%s' AND %s IS NOT NULL ORDER BY id", def.Key, d.attrExpr(f))
		if err := tx.Raw(q).Scan(&rows).Error; err != nil {
			return nil, domain.Internal("query", err)
		}
		if len(rows) > 0 && !force {
			return nil, domain.Errorf(domain.KindConflict, "catalogue.err.field_has_values", map[string]any{"Field": f.Label, "N": len(rows)})
		}
		for _, r := range rows {
			a, err := r.domain()
			if err != nil {
				return nil, domain.Internal("query", err)
			}
			old := domain.FormatValue(f, a.Value(f), nil)
			a.SetValue(f, nil)
			nr, err := toAssetRow(&a)
			if err != nil {
				return nil, domain.Internal("save", err)
			}
			if err := tx.Exec("UPDATE assets SET attrs = ?, fingerprint = ?, version = version + 1, updated_at = ? WHERE id = ?",
				nr.Attrs, nr.Fingerprint, now(), a.ID).Error; err != nil {
				return nil, domain.Internal("save", err)
			}
			if err := d.audit(tx, "remove-field", domain.AuditAssets, a.ID, string(a.Class)+":"+a.Code,
				map[string]string{field: old}, map[string]string{field: ""}); err != nil {
				return nil, err
			}
		}
		if err := cat.RemoveField(class, field); err != nil {
			return nil, err
		}
		return []domain.Class{class}, d.auditNote(tx, "remove-field", "catalogue", string(class), field, strconv.Itoa(len(rows)))
	})
}

// RemoveClass drops a user class that holds no assets.
func (d *DB) RemoveClass(ctx context.Context, class domain.Class) error {
	return d.changeCatalogue(ctx, func(tx *gorm.DB, cat *domain.Catalogue) ([]domain.Class, error) {
		def, ok := cat.Class(class)
		if !ok {
			return nil, unknownClass(class)
		}
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM assets WHERE class = ?", string(class)).Scan(&n).Error; err != nil {
			return nil, domain.Internal("query", err)
		}
		if n > 0 {
			return nil, domain.Errorf(domain.KindConflict, "catalogue.err.class_has_assets", map[string]any{"Class": def.Name, "N": n})
		}
		if err := cat.RemoveClass(class); err != nil {
			return nil, err
		}
		return []domain.Class{class}, d.auditNote(tx, "remove-class", "catalogue", string(class), "", "")
	})
}

// ImportClasses declares what a definitions file holds that this database lacks: new
// classes whole, and the fields a class here does not have yet.
func (d *DB) ImportClasses(ctx context.Context, defs domain.ClassDefinitions) (int, error) {
	n := 0
	err := d.changeCatalogue(ctx, func(tx *gorm.DB, cat *domain.Catalogue) ([]domain.Class, error) {
		var changed []domain.Class
		var fe []domain.FieldError
		addField := func(key domain.Class, f domain.Field) {
			def, _ := cat.Class(key)
			if _, has := def.Field(f.Key); has {
				return
			}
			if _, err := cat.AddField(key, f); err != nil {
				fe = append(fe, itemErrors(string(key)+"."+f.Key, err)...)
				return
			}
			n++
			changed = append(changed, key)
		}
		for _, def := range defs.Classes {
			if _, ok := cat.Class(def.Key); ok {
				for _, f := range def.Fields {
					if _, common := commonKey(f.Key); !common {
						addField(def.Key, f)
					}
				}
				continue
			}
			if _, err := cat.AddClass(def); err != nil {
				fe = append(fe, itemErrors(string(def.Key), err)...)
				continue
			}
			n++
			changed = append(changed, def.Key)
		}
		for key, fields := range defs.Fields {
			if _, ok := cat.Class(key); !ok {
				fe = append(fe, domain.FieldError{Item: string(key), Field: "asset_class", Value: string(key), Rule: "unknown_class"})
				continue
			}
			for _, f := range fields {
				addField(key, f)
			}
		}
		if len(fe) > 0 {
			return nil, domain.Invalid(fe...)
		}
		slices.Sort(changed)
		return slices.Compact(changed), d.auditNote(tx, "import-classes", "catalogue", "", "", strconv.Itoa(n))
	})
	return n, err
}

func commonKey(key string) (domain.Field, bool) {
	for _, f := range domain.CommonFields() {
		if f.Key == key {
			return f, true
		}
	}
	return domain.Field{}, false
}

// itemErrors are err's broken rules marked with the item (class or field) they are about.
func itemErrors(item string, err error) []domain.FieldError {
	fe := domain.FieldErrors(err)
	if len(fe) == 0 {
		return []domain.FieldError{{Item: item, Field: "asset_class", Value: item, Rule: "unknown_class"}}
	}
	for i := range fe {
		fe[i].Item = item
	}
	return fe
}

// attrExpr is the SQL expression of an attribute field's value: what its index is on
// and what sorting, searching and filtering by it use, written identically.
func (d *DB) attrExpr(f *domain.Field) string { return attrExprFor(f, d.postgres) }

func attrExprFor(f *domain.Field, postgres bool) string {
	// Keys match [a-z][a-z0-9_]* (domain checks every declaration), so they are safe
	// to write into the statement.
	if !postgres {
		return "json_extract(attrs, '$." + f.Key + "')"
	}
	switch f.Type {
	case domain.TypeInteger, domain.TypeDecimal:
		return "((attrs->>'" + f.Key + "')::numeric)"
	case domain.TypeYesNo:
		return "((attrs->>'" + f.Key + "')::boolean)"
	}
	return "(attrs->>'" + f.Key + "')"
}

// attrIndexes are the partial indexes (one per attribute field a user declared, over
// its class's rows) that let a register sort and filter by the field: name → CREATE
// statement. The built-in classes' attributes (a manhole cover's size…) have none:
// their registers are small enough to sort without, and every partial index is one
// more the planner weighs for every query on the assets table.
func attrIndexes(cat *domain.Catalogue, postgres bool) map[string]string {
	out := map[string]string{}
	for _, def := range cat.Classes() {
		for i := range def.Fields {
			f := &def.Fields[i]
			if !indexedAttribute(f) {
				continue
			}
			name := attrIndexName(def.Key, f.Key)
			out[name] = fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON assets (%s, id) WHERE class = '%s'", name, attrExprFor(f, postgres), def.Key)
		}
	}
	return out
}

// indexedAttribute reports whether field f has an index of its own (attrIndexes).
func indexedAttribute(f *domain.Field) bool { return f.Attribute() && !f.Builtin }

func attrIndexName(class domain.Class, field string) string {
	name := "assets_attr_" + strings.ReplaceAll(string(class), "-", "_") + "__" + field
	if len(name) > 60 {
		sum := sha1.Sum([]byte(name))
		name = name[:48] + "_" + hex.EncodeToString(sum[:])[:10]
	}
	return name
}

// attrIndexChanges lists the DDL that brings the attribute indexes in line with the
// catalogue: the indexes of attribute fields users declared that the database lacks,
// and drops of those no declaration asks for any more (a field removed by another
// program, a built-in field an earlier version indexed: they only slow the planner).
// It only reads.
func (d *DB) attrIndexChanges(db *gorm.DB) ([]string, error) {
	cat, err := loadCatalogue(db)
	if err != nil {
		return nil, err
	}
	var names []string
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'assets'"
	if d.postgres {
		q = "SELECT indexname FROM pg_indexes WHERE tablename = 'assets' AND schemaname = current_schema()"
	}
	if err := db.Raw(q).Scan(&names).Error; err != nil {
		return nil, domain.Internal("migrate", err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	want := attrIndexes(cat, d.postgres)
	var ddl []string
	for name, create := range want {
		if !have[name] {
			ddl = append(ddl, create)
		}
	}
	for name := range have {
		if strings.HasPrefix(name, "assets_attr_") && want[name] == "" {
			ddl = append(ddl, "DROP INDEX IF EXISTS "+name)
		}
	}
	return ddl, nil
}

// ensureAttrIndexes applies attrIndexChanges: after migrating.
func (d *DB) ensureAttrIndexes(ctx context.Context, db *gorm.DB) error {
	ddl, err := d.attrIndexChanges(db)
	if err != nil {
		return err
	}
	for _, stmt := range ddl {
		if err := db.Exec(stmt).Error; err != nil {
			return domain.Internal("migrate", err)
		}
	}
	return nil
}

// DistrictCode is the district's code for component IDs ("" when not set).
func (d *DB) DistrictCode(ctx context.Context) (string, error) {
	return readSetting(d.r.WithContext(ctx), settingDistrictCode)
}

// SetDistrictCode sets the district's 6-digit administrative code.
func (d *DB) SetDistrictCode(ctx context.Context, code string) error {
	code = strings.TrimSpace(code)
	if !domain.ValidDistrictCode(code) {
		return domain.Invalid(domain.FieldError{Field: "district_code", Value: code, Rule: "district_code"})
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		old, err := readSetting(tx, settingDistrictCode)
		if err != nil {
			return err
		}
		if err := writeSetting(tx, settingDistrictCode, code); err != nil {
			return err
		}
		return d.auditNote(tx, "update", "settings", settingDistrictCode, old, code)
	})
}

// GenerateComponentIDs numbers the assets without a component ID.
func (d *DB) GenerateComponentIDs(ctx context.Context, classes []domain.Class, dryRun bool) (domain.ComponentIDResult, error) {
	res := domain.ComponentIDResult{ByClass: map[domain.Class]int{}, First: map[domain.Class]string{}}
	err := d.write(ctx, func(tx *gorm.DB) error {
		district, err := readSetting(tx, settingDistrictCode)
		if err != nil {
			return err
		}
		if district == "" {
			return domain.Errorf(domain.KindInvalid, "catalogue.err.no_district", nil)
		}
		cat, err := loadCatalogue(tx)
		if err != nil {
			return err
		}
		// The next sequence number per component code, after the highest in use.
		next := map[string]int{}
		var ids []string
		if err := tx.Raw("SELECT component_id FROM assets WHERE component_id LIKE ?", district+"%").Scan(&ids).Error; err != nil {
			return domain.Internal("query", err)
		}
		for _, id := range ids {
			if _, code, seq, ok := domain.SplitComponentID(id); ok && seq >= next[code] {
				next[code] = seq + 1
			}
		}
		for _, def := range cat.Classes() {
			if len(classes) > 0 && !slices.Contains(classes, def.Key) {
				continue
			}
			var rows []assetRow
			if err := tx.Where("class = ? AND component_id IS NULL", string(def.Key)).Order("code").Order("id").Find(&rows).Error; err != nil {
				return domain.Internal("query", err)
			}
			for _, r := range rows {
				code := def.ComponentCode(&domain.Asset{Kind: r.Kind})
				if code == "" {
					res.NoCode++
					continue
				}
				if next[code] == 0 {
					next[code] = 1
				}
				id := domain.ComponentID(district, code, next[code])
				next[code]++
				res.Generated++
				res.ByClass[def.Key]++
				if _, ok := res.First[def.Key]; !ok {
					res.First[def.Key] = id
				}
				if dryRun {
					continue
				}
				r.ComponentID = sql.NullString{String: id, Valid: true}
				if err := tx.Exec("UPDATE assets SET component_id = ?, fingerprint = ?, version = version + 1, updated_at = ? WHERE id = ?",
					id, r.fingerprint(), now(), r.ID).Error; err != nil {
					return translate(err, defSubject(def), r.Code)
				}
				if err := d.audit(tx, "update", domain.AuditAssets, r.ID, string(def.Key)+":"+r.Code,
					map[string]string{"component_id": ""}, map[string]string{"component_id": id}); err != nil {
					return err
				}
			}
		}
		if dryRun {
			return errDryRun
		}
		return d.auditNote(tx, "generate-ids", "catalogue", "", "", strconv.Itoa(res.Generated))
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// classParams names a class in a message's parameters, in both languages.
func classParams(tx *gorm.DB, key domain.Class) map[string]string {
	if cat, err := loadCatalogue(tx); err == nil {
		if def, ok := cat.Class(key); ok {
			return domain.ClassParams(def, nil)
		}
	}
	return map[string]string{"Class": string(key)}
}
