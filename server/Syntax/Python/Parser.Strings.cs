// String atoms: implicit concatenation, escape decoding, and f-strings with their replacement fields.
using System.Text;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

internal sealed partial class Parser
{
    private Expr ParseStrings()
    {
        int start = Start;
        if (Kind == TK.String && Peek() is not (TK.String or TK.FStringStart))
        {
            // The common case, one plain literal: no builder, no chunk list.
            var t = Tok;
            var (prefix, isBytes, raw) = StringPrefix.Read(t.Text);
            int q = t.Text.Length >= prefix + 6 && t.Text[prefix] == t.Text[prefix + 1] && t.Text[prefix] == t.Text[prefix + 2] ? 3 : 1;
            int bodyStart = prefix + q, bodyEnd = Math.Max(bodyStart, t.Text.Length - q);
            if (isBytes) CheckBytesAscii(t, bodyStart, bodyEnd);
            Advance();
            var body = t.Text.AsSpan(bodyStart, bodyEnd - bodyStart);
            string value;
            if (raw || body.IndexOf('\\') < 0) value = body.ToString();
            else
            {
                var sb1 = new StringBuilder(body.Length);
                StringDecoder.Append(sb1, body, raw, isBytes);
                value = sb1.ToString();
            }
            return new StringLiteral { Value = value, IsBytes = isBytes, Span = t.Span };
        }
        bool anyF = false, anyBytes = false, anyText = false;
        var sb = new StringBuilder();
        var parts = new List<TextSpan>();
        var chunks = new List<Expr>();
        while (Kind is TK.String or TK.FStringStart)
        {
            var t = Tok;
            parts.Add(t.Span);
            if (Kind == TK.String)
            {
                Advance();
                var (prefix, isBytes, raw) = StringPrefix.Read(t.Text);
                if (isBytes) anyBytes = true; else anyText = true;
                int q = t.Text.Length >= prefix + 6 && t.Text[prefix] == t.Text[prefix + 1] && t.Text[prefix] == t.Text[prefix + 2] ? 3 : 1;
                int bodyStart = prefix + q, bodyEnd = Math.Max(bodyStart, t.Text.Length - q);
                if (isBytes) CheckBytesAscii(t, bodyStart, bodyEnd);
                int before = sb.Length;
                StringDecoder.Append(sb, t.Text.AsSpan(bodyStart, bodyEnd - bodyStart), raw, isBytes);
                chunks.Add(new StringLiteral
                {
                    Value = sb.ToString(before, sb.Length - before), IsBytes = isBytes,
                    Span = new TextSpan(t.Span.Start, t.Span.Length),
                });
            }
            else
            {
                anyF = true;
                anyText = true;
                ParseFString(chunks, sb);
            }
        }
        if (anyBytes && anyText) ErrorAt(start, lastEnd - start, "cannot mix bytes and nonbytes literals");
        var result = new StringLiteral { Value = sb.ToString(), IsBytes = anyBytes && !anyText, IsFString = anyF };
        result.SetParts(parts);
        if (anyF)
        {
            foreach (var c in chunks) result.FStringParts.Add(c);
        }
        return Fin(result, start);
    }

    private void CheckBytesAscii(Token t, int bodyStart, int bodyEnd)
    {
        for (int i = bodyStart; i < bodyEnd; i++)
        {
            if (t.Text[i] >= 0x80)
            {
                ErrorAt(t.Span.Start, t.Span.Length, "bytes can only contain ASCII literal characters");
                return;
            }
        }
    }

    /// <summary>Parses one f-string (FSTRING_START ... FSTRING_END), adding its chunks and fields to <paramref name="parts"/>.</summary>
    private void ParseFString(List<Expr> parts, StringBuilder value)
    {
        var (_, _, raw) = StringPrefix.Read(Tok.Text);
        Advance(); // FSTRING_START
        while (true)
        {
            if (Kind == TK.FStringMiddle)
            {
                var t = Tok;
                Advance();
                int before = value.Length;
                StringDecoder.AppendFStringLiteral(value, t.Text, raw);
                parts.Add(new StringLiteral { Value = value.ToString(before, value.Length - before), Span = t.Span });
            }
            else if (Kind == TK.LBrace)
            {
                parts.Add(ParseFormattedValue(raw));
            }
            else
            {
                Eat(TK.FStringEnd); // Missing only when the lexer reported an unterminated f-string.
                return;
            }
        }
    }

    /// <summary>A replacement field, with the messages of CPython's <c>invalid_replacement_field</c> rules.</summary>
    private FormattedValue ParseFormattedValue(bool raw)
    {
        int start = Start;
        Advance(); // {
        Expr value;
        if (Kind is TK.RBrace or TK.Exclamation or TK.Colon or TK.Equal)
        {
            ErrorHere($"f-string: valid expression required before '{Tok.Text}'");
            value = Missing();
        }
        else if (Kind == TK.Lambda)
        {
            // The field's top-level ':' starts the format spec, so a lambda needs parentheses.
            ErrorHere("f-string: lambda expressions are not allowed without parentheses");
            value = ParseExpression();
        }
        else if (!CanStartExpression(Kind) && Kind != TK.Yield)
        {
            ErrorHere("f-string: expecting a valid expression after '{'");
            value = Missing();
        }
        else if (!Deeper())
        {
            depth--;
            return Fin(new FormattedValue { Value = TooDeep(start) }, start);
        }
        else
        {
            value = Kind == TK.Yield ? ParseYield() : ParseStarExpressions();
            depth--;
        }
        bool selfDocumenting = Eat(TK.Equal); // the self-documenting "{x=}" form
        if (Kind is not (TK.Exclamation or TK.Colon or TK.RBrace))
        {
            if (!selfDocumenting && CanStartExpression(Kind) && Kind is not (TK.FStringMiddle or TK.FStringEnd or TK.Error)) ReportMissingComma(value);
            else if (Kind != TK.Equal)
                ErrorHere(selfDocumenting ? "f-string: expecting '!', or ':', or '}'" : "f-string: expecting '=', or '!', or ':', or '}'");
        }
        char? conversion = null;
        if (Kind == TK.Exclamation)
        {
            Advance();
            if (Kind is TK.Colon or TK.RBrace) ErrorHere("f-string: missing conversion character");
            else if (Kind != TK.Name) ErrorHere("f-string: invalid conversion character");
            else if (Tok.Text is not ("s" or "r" or "a")) ErrorHere($"f-string: invalid conversion character '{Tok.Text}': expected 's', 'r', or 'a'");
            else if (Tok.Span.Start != lastEnd) ErrorHere("f-string: conversion type must come right after the exclamanation mark");
            else conversion = Tok.Text[0];
            if (Kind == TK.Name) Advance();
            if (Kind is not (TK.Colon or TK.RBrace)) ErrorHere("f-string: expecting ':' or '}'");
        }
        StringLiteral? spec = null;
        if (Kind == TK.Colon)
        {
            int specStart = Start;
            Advance();
            var specParts = new List<Expr>();
            var specValue = new StringBuilder();
            while (true)
            {
                if (Kind == TK.FStringMiddle)
                {
                    var t = Tok;
                    Advance();
                    int before = specValue.Length;
                    StringDecoder.AppendFStringLiteral(specValue, t.Text, raw);
                    specParts.Add(new StringLiteral { Value = specValue.ToString(before, specValue.Length - before), Span = t.Span });
                }
                else if (Kind == TK.LBrace) specParts.Add(ParseFormattedValue(raw));
                else break;
            }
            spec = new StringLiteral { Value = specValue.ToString(), IsFString = true };
            spec.FStringParts.AddRange(specParts);
            Fin(spec, specStart);
            if (Kind != TK.RBrace && Kind is not (TK.Newline or TK.EndOfFile)) ErrorHere("f-string: expecting '}', or format specs");
        }
        if (!Eat(TK.RBrace) && Kind is not (TK.Newline or TK.EndOfFile)) ErrorHere("f-string: expecting '}'");
        return Fin(new FormattedValue { Value = value, Conversion = conversion, FormatSpec = spec }, start);
    }
}

/// <summary>Reads a string token's prefix (r, b, f, u in any case and order).</summary>
internal static class StringPrefix
{
    public static (int Length, bool IsBytes, bool IsRaw) Read(string token)
    {
        int i = 0;
        bool bytes = false, raw = false;
        while (i < token.Length && token[i] is not ('\'' or '"'))
        {
            char c = char.ToLowerInvariant(token[i]);
            if (c == 'b') bytes = true;
            else if (c == 'r') raw = true;
            i++;
        }
        return (i, bytes, raw);
    }
}

/// <summary>Decodes Python escape sequences into the string's value.</summary>
internal static class StringDecoder
{
    public static void Append(StringBuilder sb, ReadOnlySpan<char> body, bool raw, bool bytes)
    {
        if (raw || body.IndexOf('\\') < 0)
        {
            sb.Append(body);
            return;
        }
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = body[++i];
            switch (e)
            {
                case '\n': break;
                case '\r': if (i + 1 < body.Length && body[i + 1] == '\n') i++; break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                {
                    int v = e - '0', n = 1;
                    while (n < 3 && i + 1 < body.Length && body[i + 1] is >= '0' and <= '7') { v = v * 8 + (body[++i] - '0'); n++; }
                    sb.Append((char)v);
                    break;
                }
                case 'x': i = Hex(sb, body, i, 2, e); break;
                case 'u' when !bytes: i = Hex(sb, body, i, 4, e); break;
                case 'U' when !bytes: i = Hex(sb, body, i, 8, e); break;
                default:
                    sb.Append('\\').Append(e); // unknown escapes (and \N{...}) stay as written
                    break;
            }
        }
    }

    private static int Hex(StringBuilder sb, ReadOnlySpan<char> body, int i, int digits, char letter)
    {
        if (i + digits >= body.Length)
        {
            sb.Append('\\').Append(letter);
            return i;
        }
        int v = 0;
        for (int k = 1; k <= digits; k++)
        {
            int d = HexValue(body[i + k]);
            if (d < 0)
            {
                sb.Append('\\').Append(letter);
                return i;
            }
            v = v * 16 + d;
        }
        if (v <= 0xFFFF) sb.Append((char)v);
        else if (v <= 0x10FFFF) sb.Append(char.ConvertFromUtf32(v));
        return i + digits;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>An f-string literal chunk: <c>{{</c> and <c>}}</c> stand for single braces, then escapes as usual.</summary>
    public static void AppendFStringLiteral(StringBuilder sb, string chunk, bool raw)
    {
        if (chunk.IndexOf("{{", StringComparison.Ordinal) < 0 && chunk.IndexOf("}}", StringComparison.Ordinal) < 0)
        {
            Append(sb, chunk, raw, false);
            return;
        }
        Append(sb, chunk.Replace("{{", "{").Replace("}}", "}"), raw, false);
    }
}
