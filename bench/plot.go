package bench

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The evaluation draws its own plots as plain SVG, so that re-running it
// needs nothing but Go: grouped bars and x/y lines, with axes, ticks and a
// legend. Nothing here is general-purpose charting.

const (
	plotW, plotH                       = 720, 400
	marginL, marginR, marginT, marginB = 70, 20, 62, 70
	innerW                             = plotW - marginL - marginR
	innerH                             = plotH - marginT - marginB
	plotFont                           = `font-family="sans-serif"`
	legendRowH                         = 16
	barGap                             = 0.2
	maxBarGroupLabelChars              = 18
	svgHeader                          = `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">` + "\n"
	svgBackground                      = `<rect width="100%" height="100%" fill="white"/>` + "\n"
	axisStyle                          = `stroke="#333" stroke-width="1"`
	gridStyle                          = `stroke="#ddd" stroke-width="1"`
	textStyle                          = plotFont + ` font-size="11" fill="#222"`
	titleStyle                         = plotFont + ` font-size="14" font-weight="bold" fill="#222"`
	lineWidth                          = 2
	pointRadius                        = 3
	minLogValue                        = 1e-9
	tickCount                          = 5
)

var palette = []string{"#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#76b7b2", "#b07aa1", "#9c755f", "#edc948", "#bab0ac", "#ff9da7"}

// series is one named line of (x, y) points.
type series struct {
	Name string
	X, Y []float64
	// Steps draws a step function (for a CDF).
	Steps bool
	// Dashed draws a reference line (a target), not a measurement.
	Dashed bool
}

// axis maps values to pixels, linearly or logarithmically.
type axis struct {
	lo, hi float64
	log    bool
}

func newAxis(vals []float64, log, fromZero bool) axis {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if log && v <= 0 {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if log {
		lo, hi = math.Pow(10, math.Floor(math.Log10(math.Max(lo, minLogValue)))), math.Pow(10, math.Ceil(math.Log10(math.Max(hi, minLogValue))))
		if lo == hi {
			hi = lo * 10
		}
		return axis{lo, hi, true}
	}
	if fromZero && lo > 0 {
		lo = 0
	}
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / tickCount)
	return axis{math.Floor(lo/step) * step, math.Ceil(hi/step) * step, false}
}

func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// frac is v's position along the axis, 0..1.
func (a axis) frac(v float64) float64 {
	if a.log {
		v = math.Max(v, a.lo)
		return (math.Log10(v) - math.Log10(a.lo)) / (math.Log10(a.hi) - math.Log10(a.lo))
	}
	return (v - a.lo) / (a.hi - a.lo)
}

func (a axis) ticks() []float64 {
	var out []float64
	if a.log {
		// Few decades: 1, 2, 5 in each, so a short axis has labels.
		mults := []float64{1}
		if a.hi/a.lo <= 100 {
			mults = []float64{1, 2, 5}
		}
		for v := a.lo; v <= a.hi*1.0001; v *= 10 {
			for _, m := range mults {
				if v*m <= a.hi*1.0001 {
					out = append(out, v*m)
				}
			}
		}
		return out
	}
	step := niceStep((a.hi - a.lo) / tickCount)
	for v := a.lo; v <= a.hi+step/1e6; v += step {
		out = append(out, v)
	}
	return out
}

func fmtTick(v float64) string {
	switch {
	case v == 0:
		return "0"
	case math.Abs(v) >= 1e6:
		return trimZeros(fmt.Sprintf("%.1fM", v/1e6))
	case math.Abs(v) >= 1e4:
		return trimZeros(fmt.Sprintf("%.1fk", v/1e3))
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 1:
		return trimZeros(fmt.Sprintf("%.1f", v))
	default:
		return trimZeros(fmt.Sprintf("%.3f", v))
	}
}

func trimZeros(s string) string {
	unit := strings.TrimLeft(s, "0123456789.-")
	num := strings.TrimSuffix(s, unit)
	if strings.Contains(num, ".") {
		num = strings.TrimRight(strings.TrimRight(num, "0"), ".")
	}
	return num + unit
}

type svg struct{ b strings.Builder }

func newSVG(title string) *svg {
	s := &svg{}
	fmt.Fprintf(&s.b, svgHeader, plotW, plotH, plotW, plotH)
	s.b.WriteString(svgBackground)
	fmt.Fprintf(&s.b, `<text x="%d" y="22" %s>%s</text>`+"\n", marginL, titleStyle, html.EscapeString(title))
	return s
}

func (s *svg) text(x, y float64, anchor, t string, extra string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" %s %s>%s</text>`+"\n", x, y, anchor, textStyle, extra, html.EscapeString(t))
}

func (s *svg) line(x1, y1, x2, y2 float64, style string) {
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" %s/>`+"\n", x1, y1, x2, y2, style)
}

// yAxis draws the y grid, ticks and label.
func (s *svg) yAxis(a axis, label string) {
	for _, t := range a.ticks() {
		y := marginT + innerH*(1-a.frac(t))
		s.line(marginL, y, marginL+innerW, y, gridStyle)
		s.text(marginL-6, y+4, "end", fmtTick(t), "")
	}
	s.line(marginL, marginT, marginL, marginT+innerH, axisStyle)
	s.line(marginL, marginT+innerH, marginL+innerW, marginT+innerH, axisStyle)
	fmt.Fprintf(&s.b, `<text transform="translate(16,%d) rotate(-90)" text-anchor="middle" %s>%s</text>`+"\n", marginT+innerH/2, textStyle, html.EscapeString(label))
}

// legend lays the series' names out in rows between the title and the
// plot, so it never hides data.
func (s *svg) legend(names []string) {
	x, y := float64(marginL), 32.0
	for i, n := range names {
		wd := 30 + 6.2*float64(len([]rune(n)))
		if x+wd > plotW-marginR && x > marginL {
			x, y = marginL, y+legendRowH
		}
		fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="12" height="10" fill="%s"/>`+"\n", x, y, palette[i%len(palette)])
		s.text(x+16, y+9, "start", n, "")
		x += wd
	}
}

func (s *svg) String() string { return s.b.String() + "</svg>\n" }

// barChartAxis draws groups of bars: values[g][k] is series k in group g,
// on a linear or log y axis.
func barChartAxis(title, yLabel string, groups, names []string, values [][]float64, logY bool) string {
	s := newSVG(title)
	var all []float64
	for _, g := range values {
		all = append(all, g...)
	}
	a := newAxis(all, logY, true)
	s.yAxis(a, yLabel)
	gw := float64(innerW) / float64(max(1, len(groups)))
	bw := gw * (1 - barGap) / float64(max(1, len(names)))
	for g, label := range groups {
		x0 := marginL + gw*float64(g) + gw*barGap/2
		for k := range names {
			if k >= len(values[g]) {
				continue
			}
			v := values[g][k]
			h := innerH * a.frac(v)
			fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title></rect>`+"\n",
				x0+bw*float64(k), marginT+innerH-h, bw-1, h, palette[k%len(palette)], html.EscapeString(label), html.EscapeString(names[k]), fmtTick(v))
		}
		if len(label) > maxBarGroupLabelChars {
			label = label[:maxBarGroupLabelChars-1] + "…"
		}
		cx, cy := marginL+gw*(float64(g)+0.5), float64(marginT+innerH+12)
		// Slanted to the left, so the last label stays inside the picture.
		fmt.Fprintf(&s.b, `<text transform="translate(%.1f,%.1f) rotate(-30)" text-anchor="end" %s>%s</text>`+"\n", cx+4, cy, textStyle, html.EscapeString(label))
	}
	s.legend(names)
	return s.String()
}

// lineChart draws each series as a line with points.
func lineChart(title, xLabel, yLabel string, logX, logY bool, ss []series) string {
	s := newSVG(title)
	var xs, ys []float64
	for _, l := range ss {
		xs, ys = append(xs, l.X...), append(ys, l.Y...)
	}
	ax, ay := newAxis(xs, logX, false), newAxis(ys, logY, true)
	s.yAxis(ay, yLabel)
	for _, t := range ax.ticks() {
		x := marginL + innerW*ax.frac(t)
		s.line(x, marginT+innerH, x, marginT+innerH+4, axisStyle)
		s.text(x, marginT+innerH+16, "middle", fmtTick(t), "")
	}
	s.text(marginL+innerW/2, plotH-20, "middle", xLabel, "")
	px := func(x float64) float64 { return marginL + innerW*ax.frac(x) }
	py := func(y float64) float64 { return marginT + innerH*(1-ay.frac(y)) }
	var names []string
	for k, l := range ss {
		names = append(names, l.Name)
		color := palette[k%len(palette)]
		var pts []string
		for i := range l.X {
			if (logX && l.X[i] <= 0) || (logY && l.Y[i] <= 0) {
				continue
			}
			if l.Steps && i > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(l.X[i]), py(l.Y[i-1])))
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(l.X[i]), py(l.Y[i])))
		}
		dash := ""
		if l.Dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&s.b, `<polyline fill="none" stroke="%s" stroke-width="%d"%s points="%s"/>`+"\n", color, lineWidth, dash, strings.Join(pts, " "))
		if !l.Steps && !l.Dashed {
			for i := range l.X {
				if (logX && l.X[i] <= 0) || (logY && l.Y[i] <= 0) {
					continue
				}
				fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="%d" fill="%s"><title>%s: %s, %s</title></circle>`+"\n",
					px(l.X[i]), py(l.Y[i]), pointRadius, color, html.EscapeString(l.Name), fmtTick(l.X[i]), fmtTick(l.Y[i]))
			}
		}
	}
	s.legend(names)
	return s.String()
}
