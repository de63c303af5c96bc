// Statement grammar: simple and compound statements, blocks, and statement-level recovery.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

internal sealed partial class Parser
{
    private Module ParseModule(int start, int end)
    {
        var module = new Module();
        while (Kind != TK.EndOfFile)
        {
            if (Kind == TK.Dedent) { Advance(); continue; }
            ParseStatementInto(module.Body);
        }
        module.Span = TextSpan.FromBounds(start, end);
        return module;
    }

    /// <summary>Parses one statement (or one line of simple statements) into <paramref name="body"/>.</summary>
    private void ParseStatementInto(List<Stmt> body)
    {
        int before = pos;
        statementHasError = false;
        switch (Kind)
        {
            case TK.Newline:
                Advance();
                return;
            case TK.Indent:
            {
                // example: "x = 1\n    y = 2": the indented lines are kept, as if they belonged here.
                // CPython's offset is the indentation's width: it points at the last blank before the first token.
                int at = Start, lineStart = lex.LineStarts[LineOf(at) - 1];
                ErrorForced(at > lineStart ? at - 1 : at, at > lineStart ? 1 : 0, "unexpected indent");
                Advance();
                while (Kind is not (TK.Dedent or TK.EndOfFile)) ParseStatementInto(body);
                Eat(TK.Dedent);
                return;
            }
            case TK.Def or TK.Class or TK.If or TK.While or TK.For or TK.Try or TK.With or TK.At:
                body.Add(ParseCompound());
                break;
            case TK.Async when Peek() is TK.Def or TK.For or TK.With:
                body.Add(ParseCompound());
                break;
            case TK.Else or TK.Elif or TK.Except or TK.Finally:
                body.Add(ParseOrphanClause());
                break;
            default:
                if (AtSoftKeyword("match") && LooksLikeMatch())
                {
                    body.Add(ParseMatch());
                    break;
                }
                ParseSimpleStatements(body);
                break;
        }
        if (pos == before)
        {
            // Progress guard: a statement must consume something, or the loop would never end.
            ErrorHere("invalid syntax");
            Advance();
        }
    }

    private void SkipLine()
    {
        while (!AtLineEnd) Advance();
        Eat(TK.Newline);
    }

    private void ParseSimpleStatements(List<Stmt> body)
    {
        while (true)
        {
            body.Add(ParseSimpleStatement());
            if (Kind == TK.Semi)
            {
                Advance();
                if (AtLineEnd) break;
                continue;
            }
            break;
        }
        if (Kind == TK.Newline) { Advance(); return; }
        if (Kind == TK.EndOfFile) return;
        ErrorHere("invalid syntax");
        SkipLine();
    }

    private Stmt ParseSimpleStatement()
    {
        int start = Start;
        switch (Kind)
        {
            case TK.Pass: Advance(); return Fin(new Pass(), start);
            case TK.Break: Advance(); return Fin(new Break(), start);
            case TK.Continue: Advance(); return Fin(new Continue(), start);
            case TK.Return:
            {
                Advance();
                var value = CanStartExpression(Kind) ? ParseStarExpressions() : null;
                return Fin(new Return { Value = value }, start);
            }
            case TK.Raise:
            {
                Advance();
                Expr? exc = null, cause = null;
                if (CanStartExpression(Kind))
                {
                    exc = ParseExpression();
                    if (Eat(TK.From)) cause = ParseExpression();
                }
                return Fin(new Raise { Exc = exc, Cause = cause }, start);
            }
            case TK.Global or TK.Nonlocal:
            {
                bool global = Kind == TK.Global;
                Advance();
                var names = new List<Identifier>();
                do names.Add(ParseIdentifier()); while (Eat(TK.Comma));
                Stmt node = global ? new Global() : new Nonlocal();
                (global ? ((Global)node).Names : ((Nonlocal)node).Names).AddRange(names);
                return Fin(node, start);
            }
            case TK.Del:
            {
                Advance();
                var node = new Delete();
                var targets = ParseTargetList();
                if (targets is TupleExpr { Parenthesized: false } t) node.Targets.AddRange(t.Elts);
                else node.Targets.Add(targets);
                foreach (var target in node.Targets) CheckTarget(target, TargetUse.Delete);
                return Fin(node, start);
            }
            case TK.Assert:
            {
                Advance();
                var test = ParseExpression();
                var msg = Eat(TK.Comma) ? ParseExpression() : null;
                return Fin(new Assert { Test = test, Msg = msg }, start);
            }
            case TK.Import: return ParseImport();
            case TK.From: return ParseFromImport();
        }
        if (AtSoftKeyword("type") && Peek() == TK.Name && Peek(2) is TK.Equal or TK.LSqb) return ParseTypeAlias();
        return ParseExpressionStatement();
    }

    private Stmt ParseExpressionStatement()
    {
        int start = Start;
        Expr first = Kind == TK.Yield ? ParseYield() : ParseStarExpressions();
        start = Math.Min(start, first.Span.Start);
        if (Kind == TK.Colon)
        {
            Advance();
            var annotation = ParseExpression();
            Expr? value = null;
            if (Eat(TK.Equal)) value = Kind == TK.Yield ? ParseYield() : ParseStarExpressions();
            CheckAnnotationTarget(first);
            bool simple = first is Name && !(start < first.Span.Start);
            return Fin(new AnnAssign { Target = first, Annotation = annotation, Value = value, Simple = simple }, start);
        }
        if (TokenKinds.IsAugAssign(Kind))
        {
            string op = Tok.Text;
            Advance();
            var value = Kind == TK.Yield ? ParseYield() : ParseStarExpressions();
            if (!IsSimpleTarget(first))
                ErrorAt(first, $"'{ExprName(first)}' is an illegal expression for augmented assignment");
            return Fin(new AugAssign { Target = first, Op = op, Value = value }, start);
        }
        if (Kind == TK.Equal)
        {
            var targets = new List<Expr> { first };
            Expr value;
            while (true)
            {
                Advance();
                var next = Kind == TK.Yield ? ParseYield() : ParseStarExpressions();
                if (Kind == TK.Equal) { targets.Add(next); continue; }
                value = next;
                break;
            }
            // A lone starred value is accepted by ast.parse but rejected by the compiler.
            if (value is Starred) ErrorAt(value, "can't use starred expression here");
            for (int i = 0; i < targets.Count && !statementHasError; i++)
            {
                CheckAssignTarget(targets[i], i == targets.Count - 1, value);
            }
            var assign = new Assign { Value = value };
            assign.Targets.AddRange(targets);
            return Fin(assign, start);
        }
        if (first is Name { Id: "print" or "exec" } legacy && CanStartExpression(Kind) && Kind is not (TK.Minus or TK.Plus or TK.Star or TK.LPar or TK.LSqb or TK.Tilde))
        {
            int lineEnd = start;
            int save = pos;
            while (!AtLineEnd) { lineEnd = Tok.Span.End; Advance(); }
            pos = save;
            ErrorAt(start, lineEnd - start, $"Missing parentheses in call to '{legacy.Id}'. Did you mean {legacy.Id}(...)?");
        }
        if (first is Starred) ErrorAt(first, "can't use starred expression here");
        return Fin(new ExprStmt { Value = first }, start);
    }

    private Stmt ParseTypeAlias()
    {
        int start = Start;
        Advance(); // type
        var name = ParseIdentifier();
        var typeParams = new List<TypeParam>();
        if (Kind == TK.LSqb) ParseTypeParams(typeParams);
        Expr value;
        if (Eat(TK.Equal)) value = ParseExpression();
        else
        {
            ErrorHere("invalid syntax");
            value = Missing();
        }
        var result = new TypeAlias { Name = name, Value = value };
        result.TypeParams.AddRange(typeParams);
        return Fin(result, start);
    }

    private Stmt ParseImport()
    {
        int start = Start;
        Advance();
        var node = new Import();
        do
        {
            int aStart = Start;
            var (dotted, span) = ParseDottedName();
            Identifier? asName = Eat(TK.As) ? ParseIdentifier() : null;
            node.Names.Add(Fin(new Alias { Name = dotted, NameSpan = span, AsName = asName }, aStart));
        }
        while (Eat(TK.Comma));
        if (Kind == TK.From)
        {
            while (!AtLineEnd) Advance();
            ErrorAt(start, lastEnd - start, "Did you mean to use 'from ... import ...' instead?");
        }
        return Fin(node, start);
    }

    private Stmt ParseFromImport()
    {
        int start = Start;
        Advance();
        int level = 0;
        while (Kind is TK.Dot or TK.Ellipsis)
        {
            level += Kind == TK.Dot ? 1 : 3;
            Advance();
        }
        string? module = null;
        TextSpan moduleSpan = MissingSpan;
        if (Kind != TK.Import || level == 0)
        {
            (module, moduleSpan) = ParseDottedName();
        }
        var node = new ImportFrom { Module = module, ModuleSpan = moduleSpan, Level = level };
        if (!Eat(TK.Import))
        {
            ErrorHere("invalid syntax");
            return Fin(node, start);
        }
        if (Kind == TK.Star)
        {
            int s = Start;
            Advance();
            node.Names.Add(Fin(new Alias { Name = "*", NameSpan = TextSpan.FromBounds(s, lastEnd) }, s));
            return Fin(node, start);
        }
        bool parens = Eat(TK.LPar);
        while (true)
        {
            if (Kind != TK.Name)
            {
                ErrorHere("invalid syntax");
                break;
            }
            int aStart = Start;
            var id = ParseIdentifier();
            Identifier? asName = Eat(TK.As) ? ParseIdentifier() : null;
            node.Names.Add(Fin(new Alias { Name = id.Name, NameSpan = id.Span, AsName = asName }, aStart));
            if (!Eat(TK.Comma)) break;
            if (parens && Kind == TK.RPar) break;
            if (!parens && AtLineEnd)
            {
                ErrorAt(lastEnd - 1, 1, "trailing comma not allowed without surrounding parentheses");
                break;
            }
        }
        if (parens) ExpectClose(TK.RPar);
        return Fin(node, start);
    }

    private (string Name, TextSpan Span) ParseDottedName()
    {
        int start = Start;
        if (Kind != TK.Name)
        {
            ErrorHere("invalid syntax");
            return ("", MissingSpan);
        }
        var first = Tok.Text;
        Advance();
        if (Kind != TK.Dot) return (first, TextSpan.FromBounds(start, lastEnd));
        var sb = new System.Text.StringBuilder(first);
        while (Kind == TK.Dot)
        {
            Advance();
            if (Kind != TK.Name)
            {
                ErrorHere("invalid syntax");
                break;
            }
            sb.Append('.').Append(Tok.Text);
            Advance();
        }
        return (sb.ToString(), TextSpan.FromBounds(start, lastEnd));
    }

    private Identifier ParseIdentifier()
    {
        if (Kind == TK.Name)
        {
            var t = Tok;
            Advance();
            return new Identifier(t.Text, t.Span);
        }
        ErrorHere("invalid syntax");
        return MissingIdentifier();
    }

    // ───────────────────────────── compound statements ─────────────────────────────

    private Stmt ParseCompound()
    {
        int start = Start;
        switch (Kind)
        {
            case TK.At: return ParseDecorated();
            case TK.Async:
            {
                Advance();
                return Kind switch
                {
                    TK.Def => ParseFunction(start, [], true),
                    TK.For => ParseFor(start, true),
                    _ => ParseWith(start, true),
                };
            }
            case TK.Def: return ParseFunction(start, [], false);
            case TK.Class: return ParseClass(start, []);
            case TK.If: return ParseIf(false);
            case TK.While: return ParseWhile();
            case TK.For: return ParseFor(start, false);
            case TK.Try: return ParseTry();
            default: return ParseWith(start, false);
        }
    }

    private Stmt ParseDecorated()
    {
        int start = Start;
        var decorators = new List<Expr>();
        while (Kind == TK.At)
        {
            Advance();
            decorators.Add(ParseNamedExpression());
            if (!Eat(TK.Newline))
            {
                ErrorHere("invalid syntax");
                SkipLine();
            }
            statementHasError = false;
        }
        if (Kind == TK.Def) return ParseFunction(start, decorators, false);
        if (Kind == TK.Async && Peek() == TK.Def)
        {
            Advance();
            return ParseFunction(start, decorators, true);
        }
        if (Kind == TK.Class) return ParseClass(start, decorators);
        ErrorHere("invalid syntax");
        var error = new ErrorStmt();
        error.Partial.AddRange(decorators);
        return Fin(error, start);
    }

    private Stmt ParseFunction(int start, List<Expr> decorators, bool isAsync)
    {
        int keywordStart = isAsync ? start : Start;
        if (decorators.Count > 0 && isAsync) keywordStart = toks[sig[pos - 1]].Span.Start;
        int line = LineOf(Start);
        var defSpan = isAsync ? TextSpan.FromBounds(keywordStart, Tok.Span.End) : Tok.Span;
        Advance(); // def
        var name = ParseIdentifier();
        var typeParams = new List<TypeParam>();
        if (Kind == TK.LSqb) ParseTypeParams(typeParams);
        Parameters parameters;
        if (Kind == TK.LPar)
        {
            Advance();
            parameters = ParseParameters(TK.RPar, allowAnnotations: true);
            ExpectClose(TK.RPar);
        }
        else
        {
            ErrorHere("expected '('");
            parameters = new Parameters { Span = MissingSpan };
        }
        Expr? returns = null;
        if (Eat(TK.Arrow)) returns = ParseExpression();
        var node = new FunctionDef
        {
            Name = name, Parameters = parameters, Returns = returns, IsAsync = isAsync, KeywordSpan = defSpan,
        };
        node.Decorators.AddRange(decorators);
        node.TypeParams.AddRange(typeParams);
        ParseColonAndBlock(node.Body, "function definition", line, forced: true);
        return Fin(node, start);
    }

    private Stmt ParseClass(int start, List<Expr> decorators)
    {
        int line = LineOf(Start);
        Advance(); // class
        var name = ParseIdentifier();
        var typeParams = new List<TypeParam>();
        if (Kind == TK.LSqb) ParseTypeParams(typeParams);
        Arguments? arguments = null;
        if (Kind == TK.LPar) arguments = ParseCallArguments();
        var node = new ClassDef { Name = name, Arguments = arguments };
        node.Decorators.AddRange(decorators);
        node.TypeParams.AddRange(typeParams);
        ParseColonAndBlock(node.Body, "class definition", line);
        return Fin(node, start);
    }

    private If ParseIf(bool isElif)
    {
        int start = Start;
        int line = LineOf(start);
        Advance();
        var test = ParseHeaderExpression();
        var node = new If { Test = test, IsElif = isElif };
        ParseColonAndBlock(node.Body, isElif ? "'elif' statement" : "'if' statement", line);
        ParseElse(node.OrElse, allowElif: true);
        return Fin(node, start);
    }

    /// <summary>An optional <c>elif</c> chain or <c>else</c> block after an if/while/for body.</summary>
    private void ParseElse(List<Stmt> orElse, bool allowElif)
    {
        statementHasError = false;
        if (allowElif && Kind == TK.Elif)
        {
            orElse.Add(ParseIf(true));
        }
        else if (Kind == TK.Else)
        {
            int line = LineOf(Start);
            Advance();
            ParseColonAndBlock(orElse, "'else' statement", line, forced: true);
        }
    }

    private Stmt ParseWhile()
    {
        int start = Start;
        int line = LineOf(start);
        Advance();
        var test = ParseHeaderExpression();
        var node = new While { Test = test };
        ParseColonAndBlock(node.Body, "'while' statement", line);
        ParseElse(node.OrElse, allowElif: false);
        return Fin(node, start);
    }

    private Stmt ParseFor(int start, bool isAsync)
    {
        int line = LineOf(Start);
        Advance(); // for
        var target = ParseTargetList();
        CheckTarget(target, TargetUse.For);
        Expr iter;
        if (Eat(TK.In)) iter = ParseStarExpressions();
        else
        {
            ErrorHere("invalid syntax");
            iter = Missing();
        }
        var node = new For { Target = target, Iter = iter, IsAsync = isAsync };
        ParseColonAndBlock(node.Body, "'for' statement", line);
        ParseElse(node.OrElse, allowElif: false);
        return Fin(node, start);
    }

    private Stmt ParseTry()
    {
        int start = Start;
        int line = LineOf(start);
        Advance();
        var body = new List<Stmt>();
        ParseColonAndBlock(body, "'try' statement", line, forced: true);
        var handlers = new List<ExceptHandler>();
        bool? star = null;
        while (Kind == TK.Except)
        {
            statementHasError = false;
            int hStart = Start;
            int hLine = LineOf(hStart);
            Advance();
            bool isStar = Eat(TK.Star);
            if (star is { } previous && previous != isStar)
                ErrorAt(hStart, lastEnd - hStart, "cannot have both 'except' and 'except*' on the same 'try'");
            star ??= isStar;
            Expr? type = null;
            Identifier? name = null;
            if (Kind != TK.Colon && !AtLineEnd)
            {
                type = ParseExpression();
                if (Kind == TK.Comma)
                {
                    int tStart = type.Span.Start;
                    var tuple = new TupleExpr();
                    tuple.Elts.Add(type);
                    while (Eat(TK.Comma) && CanStartExpression(Kind)) tuple.Elts.Add(ParseExpression());
                    Fin(tuple, tStart);
                    ErrorAt(tuple, "multiple exception types must be parenthesized");
                    type = tuple;
                }
                if (Eat(TK.As)) name = ParseIdentifier();
            }
            else if (isStar)
            {
                ErrorHere("expected one or more exception types");
            }
            var handler = new ExceptHandler { Type = type, Name = name };
            ParseColonAndBlock(handler.Body, isStar ? "'except*' statement" : "'except' statement", hLine);
            handlers.Add(Fin(handler, hStart));
        }
        var node = new Try { IsStar = star == true };
        node.Body.AddRange(body);
        node.Handlers.AddRange(handlers);
        statementHasError = false;
        if (Kind == TK.Else && handlers.Count > 0)
        {
            int eLine = LineOf(Start);
            Advance();
            ParseColonAndBlock(node.OrElse, "'else' statement", eLine, forced: true);
        }
        statementHasError = false;
        if (Kind == TK.Finally)
        {
            int fLine = LineOf(Start);
            Advance();
            ParseColonAndBlock(node.FinalBody, "'finally' statement", fLine, forced: true);
        }
        else if (handlers.Count == 0)
        {
            ErrorHere("expected 'except' or 'finally' block");
        }
        return Fin(node, start);
    }

    private Stmt ParseWith(int start, bool isAsync)
    {
        int line = LineOf(Start);
        Advance(); // with
        var node = new With { IsAsync = isAsync };
        if (Kind != TK.LPar || !TryParseParenthesizedWithItems(node.Items))
        {
            do node.Items.Add(ParseWithItem());
            while (Eat(TK.Comma));
        }
        ParseColonAndBlock(node.Body, "'with' statement", line);
        return Fin(node, start);
    }

    private WithItem ParseWithItem()
    {
        int start = Start;
        var context = ParseExpression();
        start = Math.Min(start, context.Span.Start);
        Expr? vars = null;
        if (Eat(TK.As))
        {
            vars = ParseTarget();
            CheckTarget(vars, TargetUse.With);
        }
        return Fin(new WithItem { ContextExpr = context, OptionalVars = vars }, start);
    }

    /// <summary>
    /// <c>with (a as b, c as d):</c>. Tried first, as CPython does; when the parenthesized form does not fit
    /// (for example <c>with (a, b).c:</c>) the parser rewinds and reads an ordinary expression.
    /// </summary>
    private bool TryParseParenthesizedWithItems(List<WithItem> items)
    {
        int savePos = pos, saveEnd = lastEnd, saveErrors = errors.Count;
        bool saveFlag = statementHasError;
        Advance(); // (
        var list = new List<WithItem>();
        while (Kind != TK.RPar && CanStartExpression(Kind))
        {
            list.Add(ParseWithItem());
            if (!Eat(TK.Comma)) break;
        }
        if (list.Count > 0 && Kind == TK.RPar && Peek() == TK.Colon && errors.Count == saveErrors)
        {
            Advance();
            items.AddRange(list);
            return true;
        }
        pos = savePos;
        lastEnd = saveEnd;
        errors.RemoveRange(saveErrors, errors.Count - saveErrors);
        statementHasError = saveFlag;
        return false;
    }

    /// <summary>A stray <c>else:</c>/<c>except:</c>/...: reported, and its block kept so the rest parses normally.</summary>
    private Stmt ParseOrphanClause()
    {
        int start = Start;
        int line = LineOf(start);
        string what = $"'{Tok.Text}' statement";
        ErrorHere("invalid syntax");
        while (!AtLineEnd && Kind != TK.Colon) Advance();
        var body = new List<Stmt>();
        if (Eat(TK.Colon)) ParseBlock(body, what, line);
        else SkipLine();
        var error = new ErrorStmt();
        error.Partial.AddRange(body);
        return Fin(error, start);
    }

    /// <summary>
    /// The header's ':' and the block. Where CPython's grammar forces the ':' (<c>&amp;&amp;':'</c> after a def, else, try
    /// and finally) any other token is "expected ':'"; elsewhere only the end of the line is.
    /// </summary>
    private void ParseColonAndBlock(List<Stmt> body, string what, int line, bool forced = false)
    {
        if (!Eat(TK.Colon))
        {
            if (forced && !AtLineEnd) ErrorHere("expected ':'");
            else if (Kind == TK.Newline || Kind == TK.EndOfFile) ErrorAt(lastEnd, 0, "expected ':'");
            else ErrorHere("invalid syntax");
            while (!AtLineEnd && Kind != TK.Colon) Advance();
            Eat(TK.Colon);
        }
        ParseBlock(body, what, line);
    }

    private void ParseBlock(List<Stmt> body, string what, int line)
    {
        if (Kind == TK.Newline)
        {
            Advance();
            if (Kind == TK.Indent)
            {
                Advance();
                if (!Deeper())
                {
                    // Blocks nested deeper than the depth guard are skipped (the lexer reports the nesting).
                    depth--;
                    for (int nest = 1; nest > 0 && Kind != TK.EndOfFile; Advance())
                    {
                        if (Kind == TK.Indent) nest++;
                        else if (Kind == TK.Dedent && --nest == 0) break;
                    }
                    Eat(TK.Dedent);
                    return;
                }
                while (Kind is not (TK.Dedent or TK.EndOfFile)) ParseStatementInto(body);
                Eat(TK.Dedent);
                depth--;
                return;
            }
            var t = Tok;
            ErrorForced(t.Span.Start, Kind is TK.EndOfFile or TK.Dedent ? 0 : t.Span.Length,
                $"expected an indented block after {what} on line {line}");
            return;
        }
        if (Kind == TK.EndOfFile)
        {
            ErrorForced(Start, 0, $"expected an indented block after {what} on line {line}");
            return;
        }
        ParseSimpleStatements(body);
    }

    // ───────────────────────────── match ─────────────────────────────

    /// <summary>
    /// <c>match</c> is a soft keyword: it starts a match statement only when a subject follows and the logical
    /// line ends with ':' (otherwise <c>match = 1</c> and <c>match(x)</c> are ordinary statements).
    /// </summary>
    private bool LooksLikeMatch()
    {
        var next = Peek();
        if (!CanStartExpression(next)) return false;
        int i = pos + 1;
        TK last = TK.Newline;
        while (i < sig.Length)
        {
            var k = kinds[sig[i]];
            if (k is TK.Newline or TK.EndOfFile) break;
            last = k;
            i++;
        }
        return last == TK.Colon && kinds[sig[pos + 1]] is not (TK.Equal or TK.Dot or TK.Colon or TK.Comma);
    }

    private Stmt ParseMatch()
    {
        int start = Start;
        int line = LineOf(start);
        Advance(); // match
        int sStart = Start;
        var first = ParseStarNamedExpression();
        Expr subject = first;
        if (Kind == TK.Comma)
        {
            var tuple = new TupleExpr();
            tuple.Elts.Add(first);
            while (Eat(TK.Comma) && CanStartExpression(Kind)) tuple.Elts.Add(ParseStarNamedExpression());
            subject = Fin(tuple, sStart);
        }
        var node = new Match { Subject = subject };
        if (!Eat(TK.Colon))
        {
            ErrorAt(lastEnd, 0, "expected ':'");
            SkipLine();
        }
        else if (!Eat(TK.Newline))
        {
            ErrorHere("invalid syntax");
            SkipLine();
        }
        if (Kind != TK.Indent)
        {
            ErrorForced(Start, 0, $"expected an indented block after 'match' statement on line {line}");
            return Fin(node, start);
        }
        Advance();
        while (Kind is not (TK.Dedent or TK.EndOfFile))
        {
            int before = pos;
            statementHasError = false;
            if (AtSoftKeyword("case")) node.Cases.Add(ParseCase());
            else
            {
                ErrorHere("invalid syntax");
                SkipLine();
                if (Kind == TK.Indent)
                {
                    // Skip the orphan block too.
                    int nest = 0;
                    do
                    {
                        if (Kind == TK.Indent) nest++;
                        else if (Kind == TK.Dedent) nest--;
                        Advance();
                    }
                    while (nest > 0 && Kind != TK.EndOfFile);
                }
            }
            if (pos == before) Advance();
        }
        Eat(TK.Dedent);
        return Fin(node, start);
    }

    private MatchCase ParseCase()
    {
        int start = Start;
        int line = LineOf(start);
        Advance(); // case
        var pattern = ParsePatterns();
        Expr? guard = Eat(TK.If) ? ParseNamedExpression() : null;
        var node = new MatchCase { Pattern = pattern, Guard = guard };
        ParseColonAndBlock(node.Body, "'case' statement", line);
        return Fin(node, start);
    }
}
