// `codenode check --format junit`: a JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure).
using System.Xml;
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Cli;

/// <summary>
/// One <c>testsuite</c> per checked file. A file without errors has one passing test case (<c>codenode check</c>);
/// each error is a failing test case named <c>CODE at line:col</c> whose <c>failure</c> holds the full message.
/// Warnings, information and hints do not fail the check (its exit code is 0 without errors), so they are passing
/// test cases whose <c>system-out</c> holds the message. Characters XML cannot carry (control characters from a
/// file's text quoted in a message) are replaced with U+FFFD rather than making the report unreadable.
/// </summary>
public static class JUnitReport
{
    public static void Write(IReadOnlyList<CheckCommand.FileResult> results, TextWriter stdout)
    {
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n", CheckCharacters = true };
        var buffer = new StringWriter();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            int tests = 0, failures = 0;
            foreach (var r in results)
            {
                tests += TestCount(r);
                failures += r.Diagnostics.Count(d => d.Severity == Severity.Error);
            }
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "codenode check");
            xml.WriteAttributeString("tests", tests.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var r in results) WriteSuite(xml, r);
            xml.WriteEndElement();
        }
        // The declaration is written by hand: an XmlWriter over a string would declare UTF-16, while the report is
        // written to stdout as UTF-8.
        stdout.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        stdout.WriteLine(buffer.ToString());
    }

    private static void WriteSuite(XmlWriter xml, CheckCommand.FileResult r)
    {
        string path = r.DisplayPath.Replace('\\', '/');
        int errors = r.Diagnostics.Count(d => d.Severity == Severity.Error);
        bool passCase = errors == 0;
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(path));
        xml.WriteAttributeString("tests", TestCount(r).ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", errors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        if (passCase)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", Clean(path));
            xml.WriteAttributeString("name", "codenode check");
            xml.WriteEndElement();
        }
        foreach (var d in r.Diagnostics)
        {
            var pos = r.Document.Text.PositionOf(d.Span.Start);
            string where = $"{path}:{pos.Line + 1}:{pos.Character + 1}";
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", Clean(path));
            xml.WriteAttributeString("name", Clean($"{d.Code} at {pos.Line + 1}:{pos.Character + 1}"));
            if (d.Severity == Severity.Error)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("type", d.Code);
                xml.WriteAttributeString("message", Clean(CheckCommand.FoldLines(d.Message)));
                xml.WriteString(Clean($"{where}: error {d.Code}: {d.Message}{DocsLine(d.Code)}"));
                xml.WriteEndElement();
            }
            else
            {
                xml.WriteElementString("system-out", Clean($"{where}: {CheckCommand.SeverityName(d.Severity)} {d.Code}: {d.Message}{DocsLine(d.Code)}"));
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>The rule's documentation link on a line of its own, or nothing for a code the catalogue does not list.</summary>
    private static string DocsLine(string code) => RuleDocs.Url(code) is { } url ? "\n" + url : "";

    /// <summary>A file's test cases: one per diagnostic, plus the passing "codenode check" case when it has no error.</summary>
    private static int TestCount(CheckCommand.FileResult r) =>
        r.Diagnostics.Count + (r.Diagnostics.Any(d => d.Severity == Severity.Error) ? 0 : 1);

    /// <summary>The text with every character XML 1.0 cannot hold (most C0 controls, lone surrogates) replaced by U+FFFD.</summary>
    public static string Clean(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (!XmlConvert.IsXmlChar(c)) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
