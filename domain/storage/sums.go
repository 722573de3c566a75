package storage

import (
	"fmt"
	"math/big"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Money sums are computed in two parts that cannot overflow: SQLite's SUM fails with
// "integer overflow" past 2^63 分, and PostgreSQL's numeric sum does not fit an int64
// either. Each amount is split by 2^31 into a quotient and a remainder, both summed
// apart in SQL (a quotient is at most 2^32 in size, so 2^31 rows cannot overflow
// their sum), and joinSum combines them in Go, refusing a total beyond int64.
const moneySplit = 1 << 31

// splitSum is the SQL selecting the two parts of SUM(col) as alias_hi and alias_lo.
func splitSum(col, alias string) string {
	return fmt.Sprintf("COALESCE(SUM(%[1]s / %[3]d), 0) AS %[2]s_hi, COALESCE(SUM(%[1]s %% %[3]d), 0) AS %[2]s_lo",
		col, alias, moneySplit)
}

// joinSum is hi·2^31 + lo, or a catalogue error naming the field summed when the
// total does not fit in int64 分.
func joinSum(hi, lo int64, field i18n.Key) (domain.Fen, error) {
	t := new(big.Int).Mul(big.NewInt(hi), big.NewInt(moneySplit))
	t.Add(t, big.NewInt(lo))
	if !t.IsInt64() {
		return 0, domain.Errorf(domain.KindInvalid, "err.sum_overflow", map[string]any{"What": field})
	}
	return domain.Fen(t.Int64()), nil
}

// The money columns summed, by their field names, for joinSum's message.
const (
	sumCost          = i18n.Key("field.cost")
	sumOriginalValue = i18n.Key("field.original_value")
)
