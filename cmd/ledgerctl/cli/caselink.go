package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"cityledger/domain"
)

func init() {
	register("cases", runCases)
}

// runCases: the cases' links to assets.
//
//	cases link --year Y [--case NO] [--asset CODE] [--confirm]
//
// lists, for the year's unlinked 部件 cases with a location, the nearest asset of their
// class within 30 m with its distance; --confirm stores the listed links (one
// transaction, audited). A case with several equally near assets is linked only when
// --case names it and --asset chooses among them.
func runCases(env *Env, args []string) int {
	if len(args) == 0 || args[0] != "link" {
		fmt.Fprintln(env.Stderr, env.T("cases2.cli.usage", nil))
		return exitMisuse
	}
	fs := flag.NewFlagSet("cases link", flag.ContinueOnError)
	year := yearFlag(fs)
	one := fs.String("case", "", "only this case number")
	asset := fs.String("asset", "", "with --case: the asset code chosen among equally near ones")
	confirm := fs.Bool("confirm", false, "store the proposed links")
	if pos, ok := env.flags(fs, args[1:]); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	if *asset != "" && *one == "" {
		fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "--asset needs --case"}))
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	props, err := s.ProposeCaseLinks(env.Ctx, *year, nil)
	if err != nil {
		return env.fail(err)
	}
	if *one != "" {
		var kept []domain.CaseLinkProposal
		for _, p := range props {
			if p.CaseNo == *one {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			fmt.Fprintln(env.Stderr, env.T("cases2.cli.no_proposal", map[string]any{"No": *one}))
			return exitInvalid
		}
		props = kept
	}
	var t table
	t.add(env.T("field.case_no"), env.T("field.class_name"), env.T("field.address"), env.T("field.asset_class"),
		env.T("field.asset_code"), env.T("cases2.col.distance"), env.T("cases2.col.candidates"))
	var links []domain.CaseLink
	ambiguous := 0
	for _, p := range props {
		chosen := p.Asset
		var others []string
		if p.Ambiguous() {
			for _, c := range p.Candidates {
				others = append(others, c.Site.Code+" "+strconv.FormatFloat(c.Distance, 'f', 1, 64))
			}
		}
		switch {
		case *asset != "":
			found := false
			for _, c := range append([]domain.SiteMatch{{Site: p.Asset, Distance: p.Distance}}, p.Candidates...) {
				if c.Site.Code == *asset {
					chosen, found = c.Site, true
				}
			}
			if !found {
				fmt.Fprintln(env.Stderr, env.T("cases2.cli.not_a_candidate", map[string]any{"No": p.CaseNo, "Code": *asset}))
				return exitInvalid
			}
			links = append(links, domain.CaseLink{CaseID: p.CaseID, Version: p.CaseVer, AssetID: chosen.ID, Method: domain.LinkNearest})
		case p.Ambiguous():
			ambiguous++
		default:
			links = append(links, domain.CaseLink{CaseID: p.CaseID, Version: p.CaseVer, AssetID: chosen.ID, Method: domain.LinkNearest})
		}
		t.add(p.CaseNo, p.ClassName, p.Address, env.className(chosen.Class), chosen.Code,
			strconv.FormatFloat(p.Distance, 'f', 1, 64), strings.Join(others, "、"))
	}
	out := env.Stdout
	if len(props) > 0 {
		t.write(out)
	}
	fmt.Fprintln(out, env.T("cases2.cli.proposed", map[string]any{"N": len(props), "Ambiguous": ambiguous, "Year": *year}))
	if !*confirm {
		return exitOK
	}
	n, err := s.LinkCases(env.Ctx, links)
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(out, env.T("cases2.cli.linked", map[string]any{"N": n}))
	return exitOK
}

// className is a class's name in the environment's language, or its key.
func (e *Env) className(c domain.Class) string {
	s, err := e.Store()
	if err != nil {
		return string(c)
	}
	cat, err := s.Catalogue(e.Ctx)
	if err != nil {
		return string(c)
	}
	if d, ok := cat.Class(c); ok {
		return d.Title(e.Lang)
	}
	return string(c)
}
