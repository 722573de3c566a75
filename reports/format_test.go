package reports

import (
	"math/rand"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func TestMoney(t *testing.T) {
	cases := []struct {
		hundredths int64
		zh, en     string
	}{
		{2952, "29.52", "295.2"},
		{1500, "15", "150"},
		{165790, "1657.9", "16579"},
		{0, "0", "0"},
		{5, "0.05", "0.5"},
		{10, "0.1", "1"},
		{-2952, "-29.52", "-295.2"},
		{123456789, "1234567.89", "12345678.9"},
	}
	for _, c := range cases {
		if got := money(i18n.ZH, c.hundredths); got != c.zh {
			t.Errorf("zh %d = %q, want %q", c.hundredths, got, c.zh)
		}
		if got := money(i18n.EN, c.hundredths); got != c.en {
			t.Errorf("en %d = %q, want %q", c.hundredths, got, c.en)
		}
	}
}

func TestMoneyFenRoundsHalfUp(t *testing.T) {
	cases := []struct {
		fen  domain.Fen
		want string
	}{
		{295200_00, "29.52"},
		{49_99, "0"},      // 0.004999万元
		{50_00, "0.01"},   // 0.005万元: half up
		{2952_49, "0.3"},  // 0.295249万元
		{1499_99, "0.15"}, // 0.149999万元
		{-50_00, "-0.01"},
	}
	for _, c := range cases {
		if got := moneyFen(i18n.ZH, c.fen); got != c.want {
			t.Errorf("%v = %q, want %q", c.fen, got, c.want)
		}
	}
}

func TestQuantities(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{quantity(41330), "41330"},
		{quantity(12.5), "12.5"},
		{quantity(0.005), "0.01"},
		{quantity(2.675), "2.68"}, // 267.49999… in binary: still half up
		{quantity(1234567), "1234567"},
		{quantity(0), "0"},
		{whole(7000.4), "7000"},
		{whole(7000.5), "7001"},
		{whole(6999.6), "7000"},
		{whole(-2.5), "-3"},
		{km(13400), "13.4"},
		{km(61924.55), "61.92"},
		{km(999), "1"},
		{km(0), "0"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestSentencePunctuation(t *testing.T) {
	cases := map[string]string{
		"主要原因是车辆增加":     "主要原因是车辆增加。",
		"主要原因是车辆增加。":    "主要原因是车辆增加。",
		"  已完成！ ":       "已完成！",
		"fleet renewal": "fleet renewal.",
		"done.":         "done.",
		"见附件（附件1）":      "见附件（附件1）。",
		"":              "",
	}
	for in, want := range cases {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clause("主要用于执法。"); got != "主要用于执法" {
		t.Errorf("clause = %q", got)
	}
}

func TestLargestRemainderAddsUp(t *testing.T) {
	got := largestRemainder([]domain.Fen{147600_00, 147600_00})
	if got[0] != 1476 || got[1] != 1476 {
		t.Errorf("pickups = %v", got)
	}
	got = largestRemainder([]domain.Fen{33333_33, 33333_33, 33333_33})
	if got[0]+got[1]+got[2] != 1000 {
		t.Errorf("thirds = %v", got)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		parts := make([]domain.Fen, 1+r.Intn(12))
		for j := range parts {
			parts[j] = domain.Fen(r.Int63n(10_000_000_00))
		}
		printed := largestRemainder(parts)
		var sum int64
		for j, p := range printed {
			sum += p
			// Each part is its exact value rounded down or up, never further.
			if d := int64(parts[j]) - p*fenPerHundredth; d < -fenPerHundredth || d > fenPerHundredth {
				t.Fatalf("part %v printed %d", parts[j], p)
			}
		}
		if want := sumFen(parts).WanHundredths(); sum != want {
			t.Fatalf("%v: parts add to %d, total prints %d", parts, sum, want)
		}
	}
}

func TestPercentOfChange(t *testing.T) {
	if got := domain.Percent(317300_00, 25000_00); got != "1269.2%" {
		t.Errorf("seed's change = %q", got)
	}
	if got := domain.Percent(342300_00, 342300_00); got != "100%" {
		t.Errorf("budget = %q", got)
	}
}

func TestFeeOrder(t *testing.T) {
	got := feeOrder([]string{"保险费", "其他", "燃料费", "更换", "电费", "维修", "过路过桥费"})
	want := []string{"燃料费", "维修", "过路过桥费", "保险费", "电费", "其他"}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}

// TestCatalogueComplete renders every report key in both languages.
func TestCatalogueComplete(t *testing.T) {
	zh, en := map[string]bool{}, map[string]bool{}
	for _, k := range i18n.Keys(i18n.ZH) {
		zh[k] = true
	}
	for _, k := range i18n.Keys(i18n.EN) {
		en[k] = true
	}
	for k := range zh {
		if len(k) > 7 && k[:7] == "report." && !en[k] {
			t.Errorf("%s has no English", k)
		}
	}
	for k := range en {
		if len(k) > 7 && k[:7] == "report." && !zh[k] {
			t.Errorf("%s has no Chinese", k)
		}
	}
	if d := i18n.Duplicates(); len(d) > 0 {
		t.Errorf("duplicate keys: %v", d)
	}
}
