package report

import (
	"embed"
	"html/template"
)

//go:embed page/*.tmpl page/style.css
var pageFiles embed.FS

// pages holds the page templates; the style sheet is the template "css",
// inlined in every page.
var pages = func() *template.Template {
	css, err := pageFiles.ReadFile("page/style.css")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	t := template.New("pages").Funcs(template.FuncMap{"inc": func(n int) int { return n + 1 }, "upper": upper})
	template.Must(t.New("css").Parse(string(css)))
	return template.Must(t.ParseFS(pageFiles, "page/*.tmpl"))
}()
