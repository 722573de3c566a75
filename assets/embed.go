// Package assets holds everything CityLedger embeds: the message catalogue, the demo
// district's data files, the echarts build for offline HTML reports and the icon.
package assets

import "embed"

// FS is the embedded tree: i18n/, catalogue/ (the built-in asset classes), demo/,
// echarts/, icon.png.
//
//go:embed i18n catalogue demo echarts icon.png
var FS embed.FS
