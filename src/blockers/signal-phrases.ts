/**
 * The phrase tables the blocker reader (`blocker-detection.ts`) reads answers with, per
 * language. Add phrases here, never in the reader. Each string is a `|`-separated list of
 * phrases, written as people type them; they go through the reader's own tokeniser, so
 * case, accents, apostrophes ("can't" = "cant") and hyphens ("sign-off") need no variants.
 * Japanese phrases are found inside runs of kana/kanji (Japanese has no spaces).
 *
 * Where two phrases start at the same word the longest wins: "no access" (impediment) over
 * "no" (nothing), "nic nie blokuje" (nothing) over "blokuje" (impediment).
 */

export const LANGS = ['en', 'es', 'de', 'fr', 'pt', 'it', 'nl', 'pl', 'ja', 'hi'] as const;
export type Lang = (typeof LANGS)[number];
export type PhraseTable = Partial<Record<Lang, string>>;

/**
 * "Nothing to report". Alone, or with filler, an answer made of these is nothing. A
 * multi-word phrase that does not start with a bare "not" also leads an answer on its
 * own ("No blockers just meetings today"); a single word needs a pause after it ("No, …",
 * "None 🎉 …") so "no access" and "nothing works" are not read as nothing.
 */
export const NOTHING: PhraseTable = {
  en: 'no access issues|no access problems|no ci issues|no infra issues|nothing huge|nothing big|nothing serious|nothing critical|nothing urgent|nothing blocking|nothing blocks me|nothings blocking me|nothing is blocking|nothing in the way|nothing in my way|nothing standing in my way|nothing stopping me|nothing holding me back|nothing holding me up|no blockers here|zero blockers|no blockers|no blocker|no blocks|no roadblocks|no impediments|none of the above|not blocked|not blocking|no longer blocked|not stuck|unblocked|all unblocked|im unblocked|all good|all gud|all goood|al good|all fine|all clear|all ok|all okay|all set|all green|all smooth|all quiet|all cool|all groovy|all good here|good here|fine here|clear here|nothing here|nothin|nothng|nothign|noting|none rn|nope nope|nah nah|no issues|no issue|no problems|no problem|no probs|no prob|no worries|no concerns|no complaints|cant complain|nothing to report|nothing to flag|nothing to note|nothing to raise|nothing to share|nothing new|nothing special|nothing notable|nothing major|nothing much|nothing really|nothing atm|nothing today|nothing yet|nothing else|nada|zilch|zip|nil|none|nope|nah|no|n/a|n.a|na|nothing|zero|negative|not really|not at all|not currently|not right now|not today|not atm|not yet|not for now|not anymore|not that i know of|not that im aware of|good to go|smooth sailing|so far so good|looking good|all going well|going well|all well|all is well|everything is fine|everything is good|everything is ok|everything fine|everything good|everything ok|everythings fine|everythings good|everything is on track|everything on track|on track|im good|im fine|im ok|im okay|im all good|i am good|i am fine|were good|were all good|we are good|we are all good|i am not blocked|im not blocked|im not stuck|free and clear|clear skies|green across the board|nothing on my plate blocking me|nothing blocking progress|not that i can think of|nope all good|none whatsoever|no blockers whatsoever|no blockers today|no blocking issues|no new blockers|no new blocker|same as yesterday nothing|nothing from me|nothing on my end|nothing on my side|no blockers on my end|no blockers on my side|no blockers for me|chilling|all chill|ok|okay|clear|gucci',
  es: 'nada|nada que reportar|nada que informar|nada que destacar|nada nuevo|nada por ahora|nada bloqueante|nada me bloquea|ningún bloqueo|ningun bloqueo|ningún bloqueante|sin bloqueos|sin bloqueantes|sin bloqueadores|sin impedimentos|sin problemas|ningún problema|ningun problema|no hay bloqueos|no hay bloqueantes|no tengo bloqueos|no tengo bloqueantes|no tengo impedimentos|todo bien|todo ok|todo okey|todo en orden|todo tranquilo|todo claro|todo correcto|todo perfecto|todo va bien|va todo bien|ninguno|ninguna|no estoy bloqueado|no estoy bloqueada|ya no estoy bloqueado|ya no estoy bloqueada|nop|nel|nada de nada|de momento nada|por ahora nada',
  de: 'nichts|nix|keine|keine blocker|keine blockaden|keine hindernisse|keine probleme|kein problem|kein blocker|keine blockierungen|keine impediments|nichts zu berichten|nichts zu melden|nichts neues|nichts blockiert mich|nichts im weg|alles gut|alles ok|alles okay|alles klar|alles bestens|alles in ordnung|alles super|alles fein|passt alles|alles passt|läuft|läuft alles|läuft bei mir|nicht blockiert|bin nicht blockiert|ich bin nicht blockiert|nein|nö|nee|derzeit nichts|aktuell nichts|momentan nichts|gerade nichts',
  fr: 'rien|rien à signaler|rien a signaler|ras|r.a.s|rien de neuf|rien de spécial|rien de bloquant|rien ne me bloque|aucun blocage|aucun bloquant|aucun blocker|aucun problème|aucun souci|pas de blocage|pas de blocages|pas de bloquant|pas de problème|pas de souci|pas de soucis|tout va bien|tout est ok|tout est bon|tout roule|ça roule|ca roule|ça va|tout bon|nickel|impeccable|non|je ne suis pas bloqué|je ne suis pas bloquée|pas bloqué|pas bloquée|aucun|aucune|rien pour le moment|rien pour linstant',
  pt: 'nada|nada a reportar|nada a relatar|nada a declarar|nada de novo|nada bloqueando|nenhum|nenhum bloqueio|nenhum impedimento|nenhum problema|sem bloqueios|sem bloqueio|sem impedimentos|sem problemas|tudo bem|tudo certo|tudo ok|tudo tranquilo|tudo tranquilo por aqui|tudo em ordem|tudo joia|tudo beleza|de boa|não|nao|não estou bloqueado|nao estou bloqueado|não estou bloqueada|nao estou bloqueada|nada por enquanto|por enquanto nada',
  it: 'niente|nulla|niente da segnalare|nulla da segnalare|niente di nuovo|nessun problema|nessun blocco|nessun blocker|nessun impedimento|nessun ostacolo|nessuno|nessuna|tutto bene|tutto ok|tutto a posto|tutto apposto|tutto tranquillo|tutto liscio|va tutto bene|non sono bloccato|non sono bloccata|niente per ora|per ora niente|nada',
  nl: 'niks|niets|niks aan de hand|niets aan de hand|niks te melden|niets te melden|niets nieuws|geen|geen blockers|geen blokkades|geen problemen|geen probleem|geen obstakels|geen belemmeringen|alles goed|alles prima|alles ok|alles oké|alles in orde|alles loopt|gaat goed|gaat prima|prima|nee|niet geblokkeerd|ik ben niet geblokkeerd|geen zorgen|niks voor nu',
  pl: 'nic|nic nie blokuje|nic mnie nie blokuje|nic do zgłoszenia|nic nowego|brak|brak blokerów|brak blokad|brak problemów|brak przeszkód|żadnych blokerów|żadnych problemów|żadnych blokad|wszystko ok|wszystko okej|wszystko dobrze|wszystko w porządku|wszystko gra|jest ok|nie|nie jestem zablokowany|nie jestem zablokowana|na razie nic|spoko',
  ja: 'なし|無し|ないです|ありません|特になし|特にありません|特にない|問題なし|問題ありません|問題ない|ブロッカーなし|ブロッカーはありません|ブロッカーはない|ブロックされていません|ブロックされてない|大丈夫|大丈夫です|順調|順調です|いいえ|ナシ',
  hi: 'kuch nahi|kuch nahin|kuch bhi nahi|kuch bhi nahin|kuchh nahi|kuch nai|nahi|nahin|nai|sab theek|sab theek hai|sab thik hai|sab thik|sab theek hai bhai|sab badhiya|sab badhiya hai|sab sahi|sab sahi hai|sab set hai|sab mast|sab mast hai|sab changa|koi blocker nahi|koi blocker nahin|koi blockers nahi|koi problem nahi|koi problem nahin|koi dikkat nahi|koi dikkat nahin|koi issue nahi|koi issue nahin|koi pareshani nahi|blocked nahi hoon|blocked nahi hu|abhi kuch nahi|filhaal kuch nahi|theek hai|thik hai|badhiya',
};

/** Words that add nothing around a "nothing" ("None *at the moment*", "*por ahora* nada"). Alone they are not an answer. */
export const FILLER: PhraseTable = {
  en: 'by anything|by anyone|by anybody|on anything|on anyone|from anyone|for anything|on my end|on my side|from my side|from my end|for me|from me|here|at the moment|at this moment|atm|rn|right now|now|for now|currently|today|this week|so far|yet|really|just|so|thanks|thank you|thx|ty|cheers|either|as usual|as always|luckily|thankfully|happily|yay|woohoo|phew|lol|haha|tbh|honestly|i think|afaik|i guess|else|otherwise|other than that|apart from that|aside from that|besides that|beyond that|whatsoever|at all|anymore|any more|im|i am|team|folks|on this one|on the project|from yesterday|since yesterday|for today|this morning|this sprint',
  es: 'por ahora|de momento|por el momento|hoy|por aquí|por aqui|de mi parte|por mi parte|gracias|la verdad|todavía|todavia|aún|aun|jaja|jeje|ya|equipo|en general|por lo demás|por lo demas',
  de: 'heute|gerade|aktuell|momentan|derzeit|bisher|von meiner seite|bei mir|danke|noch|soweit|so weit|zum glück|zum gluck|im moment|mehr|eigentlich|sonst|ansonsten|sonst alles gut|bis jetzt|hier',
  fr: 'pour le moment|pour linstant|aujourdhui|de mon côté|de mon cote|merci|encore|ici|à part ça|a part ca|sinon|pour moi',
  pt: 'por enquanto|hoje|por aqui|da minha parte|do meu lado|obrigado|obrigada|valeu|ainda|até agora|ate agora|no momento|kkk|rs',
  it: 'per ora|per il momento|al momento|oggi|da parte mia|grazie|ancora|qui|finora|per adesso',
  nl: 'vandaag|momenteel|op dit moment|voor nu|van mijn kant|bij mij|bedankt|dank je|nog|tot nu toe|verder|hier',
  pl: 'dzisiaj|dziś|na razie|obecnie|z mojej strony|u mnie|dzięki|dzieki|póki co|poki co|jak na razie|narazie',
  ja: 'です|今日は|今のところ|現在|特に|今は|。',
  hi: 'hai|hain|ji|bhai|yaar|abhi|filhaal|aaj|mere side se|meri taraf se|shukriya|thanks|bilkul|ab tak',
};

/**
 * A present impediment: a state that stops work. Read as a blocker unless negated
 * ("not blocked"), past ("had been waiting"), resolved ("… sorted now"), struck through
 * (`~waiting on infra~`) or hedged ("might be blocked").
 */
export const IMPEDIMENT: PhraseTable = {
  en: 'blocked|blocking me|blocking us|blocking|blocks me|stuck|stalled|on hold|held up|hold up|waiting on|waiting for|waiting to hear|wait on|wait for|still waiting|awaiting|pending|pending approval|needs approval|not approved|not yet approved|no approval|cant|cannot|can not|unable to|not able to|couldnt|could not|doesnt work|does not work|dont work|not working|isnt working|stopped working|wont build|wont start|wont deploy|wont compile|wont load|is down|are down|went down|goes down|down again|still down|down since|been down|seems down|looks down|is broken|are broken|broken|broke|borked|busted|hosed|fails|failing|failed|fail|failure|failures|is red|are red|red on main|still red|flaky|flakey|crashing|crashes|crashed|times out|timing out|timeouts|timeout|expired|expires|expiring|outage|incident|down for|no access|dont have access|do not have access|dont have permission|no permission|no permissions|lost access|missing access|access denied|permission denied|without access|locked out|revoked|rate limit|rate limited|throttled|quota|out of disk|out of memory|oom|ran out|running out|no reply|no response|no answer|no word from|havent heard back|not heard back|no feedback yet|ghosted|no owner|nobody owns|no one owns|no one has|nobody has|noone has|nobody is looking|no one is looking|nobody picked|still not|still no|still havent|still dont|still cant|still broken|missing|lacking|lack of|depends on|dependent on|rejected|denied|regression|slowed down|slowing me down|slowing us down|bottleneck|nothing works|nothing is working|cant merge|cant deploy|cant push|until someone|until i get|until we get|until they|before i can|have to wait|waiting|wait|outages|incidents|errors|been red|red since|went red|turned red|been failing|been broken|keeps failing|keeps crashing',
  es: 'bloqueado|bloqueada|bloqueados|bloqueo|bloqueante|bloqueándome|atascado|atascada|trabado|trabada|esperando|en espera|pendiente|pendiente de|no puedo|no podemos|no funciona|no anda|no compila|caído|caido|caída|caida|roto|rota|falla|fallan|fallando|error|errores|sin acceso|no tengo acceso|no tengo permisos|sin permisos|me falta|nos falta|falta|faltan|depende de|expiró|expiro|expirado|vencido|vencieron|sin respuesta|nadie responde|nadie me responde|todavía no|todavia no|aún no|aun no|sigue sin|sigo sin|sigue caído|sigue roto',
  de: 'blockiert|blockieren|blockiert mich|hänge|haenge|hänge fest|hängt|festgefahren|warte|warten|wartet|warte auf|warten auf|kann nicht|können nicht|konnte nicht|geht nicht|läuft nicht|funktioniert nicht|klappt nicht|kaputt|defekt|fehlgeschlagen|schlägt fehl|schlagen fehl|rot|ausgefallen|kein zugriff|keinen zugriff|keine rechte|keine berechtigung|zugriff fehlt|fehlt|fehlen|abgelaufen|läuft ab|keine antwort|keine rückmeldung|keine ruckmeldung|hängt an|abhängig von|ausstehend|steht aus|freigabe fehlt|noch nicht|ist down|sind down',
  fr: 'bloqué|bloquée|bloqués|bloquant|bloquante|coincé|coincée|jattends|attends|attendons|en attente|en attente de|je ne peux pas|je peux pas|on ne peut pas|impossible de|ne marche pas|marche pas|ne fonctionne pas|fonctionne pas|cassé|cassée|plante|en panne|échoue|echoue|échec|echec|erreur|pas daccès|pas dacces|pas accès|sans accès|sans acces|pas les droits|il me manque|manque|expiré|expire|expirés|pas de réponse|pas de reponse|toujours pas|toujours en attente|dépend de|depend de|est down',
  pt: 'bloqueado|bloqueada|travado|travada|preso|presa|esperando|aguardando|à espera|a espera|pendente|não consigo|nao consigo|não posso|nao posso|não funciona|nao funciona|quebrado|quebrada|caiu|fora do ar|falhando|falha|falhou|erro|sem acesso|não tenho acesso|nao tenho acesso|sem permissão|sem permissao|falta|faltando|expirou|expirado|sem resposta|ainda não|ainda nao|ainda sem|depende de',
  it: 'bloccato|bloccata|bloccati|bloccante|fermo|ferma|incastrato|in attesa|aspetto|aspettando|sto aspettando|non posso|non riesco|non funziona|rotto|rotta|giù|giu|fallisce|falliscono|fallito|errore|senza accesso|non ho accesso|non ho i permessi|manca|mancano|scaduto|scaduta|scaduti|nessuna risposta|ancora niente|ancora nessuna|non ancora|dipende da',
  nl: 'geblokkeerd|vast|zit vast|loop vast|wacht|wachten|wacht op|wachten op|kan niet|kunnen niet|werkt niet|kapot|stuk|faalt|falen|mislukt|fout|rood|plat|ligt eruit|geen toegang|geen rechten|ontbreekt|mis|verlopen|geen reactie|geen antwoord|nog niet|afhankelijk van',
  pl: 'zablokowany|zablokowana|zablokowane|blokuje|blokuje mnie|blokada|utknąłem|utknęłam|utknalem|czekam|czekamy|czekam na|oczekuje|nie mogę|nie moge|nie możemy|nie działa|nie dziala|zepsuty|zepsute|zepsuta|leży|lezy|pada|padł|padl|błąd|blad|nie przechodzi|brak dostępu|brak dostepu|nie mam dostępu|nie mam dostepu|brak uprawnień|brakuje|wygasł|wygasl|wygasły|wygasly|brak odpowiedzi|jeszcze nie|zależy od',
  ja: '待って|待ち|待機|ブロックされて|ブロックされています|ブロック中|ブロッカーがあります|詰まって|止まって|止まっています|できない|できません|進められない|進められません|動かない|動きません|落ちて|エラー|失敗|壊れ|権限がない|権限がありません|アクセスできない|アクセスできません|期限切れ|切れて|返事がない|返信がない',
  hi: 'ruka hua|ruka hua hoon|ruka hua hu|ruki hui|atka hua|atka hoon|atka hu|atki hui|atak gaya|atak gayi|phasa hua|fasa hua|phansa hua|intezaar|intezar|wait kar raha|wait kar rahi|wait kar rha|wait karna pad raha|nahi kar pa raha|nahi kar pa rahi|nahi kar paa raha|nahi ho raha|nahi ho pa raha|kaam nahi kar raha|kaam nahi kar rha|chal nahi raha|down hai|band hai|fail ho raha|fail ho rha|fail ho gaya|error aa raha|error aa rha|access nahi|access nahi hai|access nahi mila|permission nahi|pending hai|approval nahi mila|reply nahi aaya|jawab nahi aaya|response nahi aaya|expire ho gaya|expire ho gya|ab tak nahi|depend karta',
};

/** A need: an impediment, but one a hedge of time turns into a maybe ("need DB access *next week*"). "need to" + verb is a plan, not a need. */
export const NEED: PhraseTable = {
  en: 'need|needs|needed|require|requires|required|need help|help needed|need someone|need access|access to|need a review|need review|need approval|need sign-off',
  es: 'necesito|necesitamos|necesita|hace falta|me hace falta',
  de: 'brauche|brauchen|braucht|benötige|benötigen|bräuchte',
  fr: 'jai besoin|besoin de|il faut|il me faut|nous avons besoin',
  pt: 'preciso|precisamos|preciso de|precisa|necessito',
  it: 'mi serve|mi servono|ho bisogno|abbiamo bisogno|serve un|serve una',
  nl: 'nodig|heb nodig|hebben nodig',
  pl: 'potrzebuję|potrzebuje|potrzebujemy|potrzebny|potrzebna|potrzebne',
  ja: '必要です|必要|ほしい|欲しい',
  hi: 'chahiye|zaroorat hai|zarurat hai|zaroorat|zarurat',
};

/** Looking ahead or asking softly: never announced, read as "unsure" (ask the person). */
export const SOFT_REQUEST: PhraseTable = {
  en: 'would be nice|would be great|would be good|would be helpful|would help|would love|would appreciate|could use|nice to have|if anyone has time|if someone has time|when someone has time|if anyone gets a chance|keep an eye on|might be an issue|could become|might become|may become|could be a problem|might be a problem|may be a problem|could turn into',
  es: 'estaría bien|estaria bien|sería bueno|seria bueno|vendría bien|vendria bien|podría ser un problema|podria ser un problema',
  de: 'wäre schön|waere schoen|wäre gut|wäre hilfreich|könnte ein problem werden|könnte problematisch werden',
  fr: 'ce serait bien|serait bien|ce serait top|pourrait poser problème|pourrait poser probleme',
  pt: 'seria bom|seria legal|seria ótimo|pode virar um problema|pode ser um problema',
  it: 'sarebbe bello|sarebbe utile|potrebbe diventare un problema|potrebbe essere un problema',
  nl: 'zou fijn zijn|zou handig zijn|zou mooi zijn|kan een probleem worden',
  pl: 'byłoby miło|byloby milo|przydałby się|przydalby sie|może być problem|moze byc problem',
  ja: 'あると助かります|あると嬉しい|かもしれません|かも',
  hi: 'ho sakta hai|ho sakti hai|mil jaye toh accha',
};

/** Asking someone for something is an impediment: "who can approve …", "does anyone know …". */
export const HELP_REQUEST: PhraseTable = {
  en: 'can someone|can somebody|can anyone|can anybody|could someone|could somebody|could anyone|does anyone|does anybody|anyone know|anyone knows|anybody know|who can|who owns|who knows|who do i ask|who should i ask|who has|who is responsible|whos responsible|whom do i|any idea who|any ideas who|is there anyone|how do i get|where do i get|need someone to|someone please|pls help|please help|help pls|halp|sos',
  es: 'alguien sabe|alguien puede|quién puede|quien puede|quién sabe|quien sabe|a quién le pregunto|a quien le pregunto|me pueden ayudar|me puede ayudar|ayuda',
  de: 'kann jemand|könnte jemand|weiß jemand|weiss jemand|wer kann|wer weiß|wer weiss|wen frage ich|wer ist zuständig|hilfe',
  fr: 'quelquun peut|quelquun sait|qui peut|qui sait|à qui demander|a qui demander|qui est responsable|besoin daide|au secours',
  pt: 'alguém pode|alguem pode|alguém sabe|alguem sabe|quem pode|quem sabe|a quem pergunto|preciso de ajuda|socorro',
  it: 'qualcuno può|qualcuno puo|qualcuno sa|chi può|chi puo|chi sa|a chi chiedo|ho bisogno di aiuto|aiuto',
  nl: 'kan iemand|weet iemand|wie kan|wie weet|wie is verantwoordelijk|hulp nodig',
  pl: 'czy ktoś|czy ktos|ktoś może|ktos moze|ktoś wie|ktos wie|kto może|kto moze|kto wie|do kogo|potrzebuję pomocy|pomocy',
  ja: '誰か|どなたか|教えてください|助けて',
  hi: 'koi bata sakta|koi help kar sakta|koi help karo|kaun approve|kaun kar sakta|kisse puchu|kis se puchu|madad chahiye|help chahiye',
};

/** Undoes the impediment before it in the same clause or the clause before: "… is sorted now". */
export const RESOLVED: PhraseTable = {
  en: 'sorted|sorted out|all sorted|fixed|resolved|solved|done|finished|handled|merged|shipped|cleared|unblocked|got unblocked|back up|back online|working again|works again|works now|working now|green again|good now|fine now|ok now|all good now|got it|got access|have access now|access granted|granted|approved|came through|arrived|landed|closed|taken care of|no longer|anymore|any more|not anymore|no more|figured it out|figured out|renewed|restored|rotated|replaced|re-enabled|reverted|rolled back',
  es: 'resuelto|resuelta|arreglado|arreglada|solucionado|solucionada|listo|lista|ya está|ya esta|ya funciona|ya no|aprobado|funciona de nuevo|desbloqueado',
  de: 'erledigt|gelöst|geloest|behoben|geklärt|geklaert|fertig|läuft wieder|laeuft wieder|geht wieder|funktioniert wieder|nicht mehr|freigegeben|gemerged|gemergt|repariert|hat sich erledigt',
  fr: 'réglé|regle|réglée|résolu|resolu|résolue|corrigé|corrige|fixé|débloqué|debloque|ça marche|ca marche|marche à nouveau|plus bloqué|plus bloque|cest bon|cest réglé|validé|valide|fini|terminé|termine',
  pt: 'resolvido|resolvida|corrigido|corrigida|arrumado|consertado|já foi|ja foi|funcionando de novo|já funciona|ja funciona|aprovado|desbloqueado|não mais|nao mais|finalizado',
  it: 'risolto|risolta|sistemato|sistemata|fatto|fatta|sbloccato|sbloccata|funziona di nuovo|approvato|non più|non piu|finito',
  nl: 'opgelost|geregeld|gefikst|gefixt|klaar|werkt weer|niet meer|goedgekeurd|gemerged|gedeblokkeerd|afgerond',
  pl: 'rozwiązane|rozwiazane|rozwiązany|naprawione|naprawiony|załatwione|zalatwione|działa już|dziala juz|już działa|juz dziala|już nie|juz nie|zatwierdzone|odblokowany|odblokowane|gotowe',
  ja: '解決|解消|済み|済|直りました|直った|修正済み|完了|終わりました',
  hi: 'ho gaya|ho gya|ho gayi|theek ho gaya|thik ho gaya|solve ho gaya|fix ho gaya|resolve ho gaya|mil gaya|mil gya|sort ho gaya|ab nahi',
};

/** Words before a resolution that make it a wish, not a fact: "waiting for it *to be* fixed". */
export const IRREALIS: PhraseTable = {
  en: 'to|be|get|gets|until|till|once|when|if|will|should|hopefully|hope|being|for it to|needs to be|need to be',
  es: 'que|hasta|cuando|si|para',
  de: 'bis|wenn|sobald|falls|zu|werden|wird',
  fr: 'que|quand|jusquà|si|soit|être',
  pt: 'que|até|ate|quando|se|ser|seja',
  it: 'che|finché|quando|se|essere|sia',
  nl: 'tot|wanneer|als|zodra|worden|wordt',
  pl: 'aż|az|kiedy|gdy|jeśli|jesli|żeby|zeby|być|byc',
  hi: 'jab|tak|agar',
};

/** Negators within three words before an impediment cancel it: "*not* blocked by anything". */
export const NEGATOR: PhraseTable = {
  en: 'not|no|never|nothing|nobody|none|isnt|arent|wasnt|werent|dont|doesnt|didnt|havent|hasnt|neither|nor|without any|zero|no longer|not anymore|nothings|nobodys|no one|noone|no-one',
  es: 'no|nunca|nada|ningún|ningun|ninguna|ninguno|tampoco|ya no|ni',
  de: 'nicht|kein|keine|keinen|keiner|nichts|nie|niemand|weder',
  fr: 'pas|ne|aucun|aucune|rien|jamais|personne',
  pt: 'não|nao|nenhum|nenhuma|nada|nunca|nem',
  it: 'non|nessun|nessuno|nessuna|niente|nulla|mai|né',
  nl: 'niet|geen|niets|niks|nooit',
  pl: 'nie|nic|żaden|żadnych|żadne|zaden|zadnych|nigdy',
  hi: 'nahi|nahin|mat',
};

/** Past tense right before an impediment: "*had been* waiting on QA". */
export const PAST: PhraseTable = {
  en: 'was|were|had|had been|used to|was being|yesterday i was',
  es: 'estaba|estuve|estuvo|estaban|estábamos|estabamos|había|habia|antes',
  de: 'war|waren|hatte|hatten|gestern',
  fr: 'étais|etais|était|etait|jétais|jetais|avais|avait',
  pt: 'estava|estive|estavam|estávamos|tinha|antes',
  it: 'ero|era|erano|stavo|avevo',
  nl: 'was|waren|had|hadden|gisteren',
  pl: 'byłem|bylem|byłam|bylam|był|byl|była|byla|było|bylo|wczoraj',
  hi: 'tha|thi',
};

/** Keeps a state present whatever tense surrounds it: "was down and *still* is". */
export const PRESENT: PhraseTable = {
  en: 'still|again|as of now|right now|currently|since monday|since tuesday|since wednesday|since thursday|since friday|since yesterday|day 2|day 3|day 4|day 5',
  es: 'todavía|todavia|aún|aun|sigue|sigo|otra vez|de nuevo',
  de: 'immer noch|noch immer|wieder|weiterhin|seit',
  fr: 'toujours|encore|depuis',
  pt: 'ainda|de novo|novamente|desde',
  it: 'ancora|di nuovo|da',
  nl: 'nog steeds|nog altijd|weer|opnieuw|sinds',
  pl: 'wciąż|wciaz|nadal|ciągle|ciagle|znowu|od',
  hi: 'abhi bhi|ab bhi|phir se|fir se',
};

/** Modal hedges before an impediment make it a maybe: "*might* need help". */
export const HEDGE: PhraseTable = {
  en: 'might|may|maybe|possibly|perhaps|potentially|probably|could|not sure|unsure|idk|i think i might|likely|in case',
  es: 'quizás|quizas|quizá|tal vez|a lo mejor|puede que|posiblemente|probablemente|podría|podria|igual',
  de: 'vielleicht|eventuell|evtl|möglicherweise|wahrscheinlich|könnte|koennte|werde|wird|würde',
  fr: 'peut-être|peut etre|peutêtre|possiblement|probablement|pourrait|pourrais|risque de',
  pt: 'talvez|possivelmente|provavelmente|pode ser que|poderia|vou',
  it: 'forse|magari|probabilmente|potrebbe|potrei|può darsi',
  nl: 'misschien|mogelijk|waarschijnlijk|zou|kan zijn',
  pl: 'może|moze|chyba|prawdopodobnie|ewentualnie|możliwe|mozliwe',
  ja: 'かもしれません|かも|たぶん|多分',
  hi: 'shayad|ho sakta',
};

/** A time still to come: hedges a need ("need DB access *next week*"), not a present state. */
export const LATER: PhraseTable = {
  en: 'later|later on|at some point|eventually|next week|next sprint|next month|down the line|in the future|soon|at some stage|in a few days|in a couple of weeks|before launch|for the next phase',
  es: 'más adelante|mas adelante|la semana que viene|la próxima semana|en algún momento|pronto|luego',
  de: 'später|spaeter|irgendwann|nächste woche|naechste woche|demnächst|bald',
  fr: 'plus tard|la semaine prochaine|à un moment|bientôt|bientot',
  pt: 'mais tarde|semana que vem|próxima semana|em algum momento|em breve|depois',
  it: 'più avanti|piu avanti|la prossima settimana|prima o poi|presto|dopo',
  nl: 'later|volgende week|binnenkort|op een gegeven moment',
  pl: 'później|pozniej|w przyszłym tygodniu|kiedyś|wkrótce|wkrotce',
  ja: '来週|後で|そのうち|将来',
  hi: 'baad mein|baad me|agle hafte|kabhi',
};

/** After a "nothing", what follows "but" decides: an impediment makes the answer a blocker. */
export const CONTRAST: PhraseTable = {
  en: 'but|though|however|although|tho|only thing is|the only thing is|one thing|that said|having said that',
  es: 'pero|aunque|sin embargo|solo que|lo único|lo unico',
  de: 'aber|allerdings|jedoch|nur|bloß|bloss|einzig',
  fr: 'mais|cependant|par contre|toutefois|sauf que|seulement',
  pt: 'mas|porém|porem|entretanto|só que|so que|contudo',
  it: 'ma|però|pero|tuttavia|solo che|anche se',
  nl: 'maar|echter|alleen|behalve dat',
  pl: 'ale|jednak|tylko|tyle że|tyle ze|chociaż|chociaz',
  ja: 'けど|けれど|けれども|でも|ただ|しかし|ですが',
  hi: 'lekin|magar|but',
};

/** After a "nothing", an exception names the blocker: "all good *apart from* the vendor …". */
export const EXCEPTION: PhraseTable = {
  en: 'except|except for|except that|apart from|aside from|other than|besides|save for|barring|excluding',
  es: 'excepto|salvo|aparte de|fuera de|a excepción de|a excepcion de',
  de: 'außer|ausser|bis auf|abgesehen von|ausgenommen',
  fr: 'sauf|à part|a part|excepté|excepte|hormis|mis à part',
  pt: 'exceto|tirando|fora|a não ser|a nao ser|salvo',
  it: 'tranne|eccetto|a parte|salvo|fuorché|fuorche',
  nl: 'behalve|afgezien van|uitgezonderd',
  pl: 'oprócz|oprocz|poza|z wyjątkiem|z wyjatkiem|prócz|procz',
  ja: '以外|を除いて',
  hi: 'ke alawa|ke alaava|ke siwa|ke siva|siwaay|chhodke|chodke',
};

/** A "nothing" taken back: "no — *well yes*, the staging certs expired again". */
export const REVERSAL: PhraseTable = {
  en: 'well yes|well yeah|actually yes|actually yeah|actually|scratch that|on second thought|oh wait|hmm yes|yes actually|correction',
  es: 'bueno sí|bueno si|en realidad|pensándolo bien|pensandolo bien',
  de: 'na ja doch|eigentlich doch',
  fr: 'enfin si|en fait|si en fait|attends',
  pt: 'na verdade|pensando bem',
  it: 'anzi|in realtà|in realta|aspetta',
  nl: 'eigenlijk wel|toch wel',
  pl: 'właściwie tak|wlasciwie tak|a nie|jednak tak|czekaj',
  ja: 'やっぱり|実は',
  hi: 'actually haan|haan actually|ruko',
};

/** "Except *that*": an exception that points back, not at a blocker. */
export const ANAPHOR: PhraseTable = {
  en: 'that|this|the above|those',
  es: 'eso|esto',
  de: 'das|dem|diesem',
  fr: 'ça|ca|cela',
  pt: 'isso|isto',
  it: 'questo|ciò',
  nl: 'dat|dit',
  pl: 'tego|tym',
  hi: 'iske|uske',
};

const WHEN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'the weekend', 'tomorrow', 'next week', 'the release', 'the next release', 'the sprint', 'the next sprint', 'the demo', 'the afternoon', 'lunch'];
/** Waiting for a day is a plan, not an impediment: "waiting for Friday to send them". */
const SCHEDULED = ['waiting for', 'waiting until', 'waiting till', 'wait for', 'wait until', 'wait till'].flatMap((w) => WHEN.map((d) => `${w} ${d}`)).join('|');

/** Context after a "nothing" that is plainly information: "None 🎉 *FYI* I'm on support rotation". */
export const INFO: PhraseTable = {
  en: SCHEDULED + '|fyi|heads up|btw|by the way|just|note|reminder|im out|ill be out|im off|ooo|out of office|pto|vacation|holiday|on leave|busy|meetings|meeting|on call|oncall|rotation|focus|demo|im on',
  es: 'solo|sólo|para que sepan|ojo|vacaciones|reuniones',
  de: 'nur|info|urlaub|meetings|termine|zur info',
  fr: 'juste|pour info|vacances|réunions|reunions',
  pt: 'só|so|apenas|para informar|férias|ferias|reuniões|reunioes',
  it: 'solo|per info|ferie|riunioni',
  nl: 'alleen|ter info|vakantie|meetings',
  pl: 'tylko|info|urlop|spotkania',
  ja: 'ちなみに|会議',
  hi: 'bas|sirf|chutti|meetings',
};
