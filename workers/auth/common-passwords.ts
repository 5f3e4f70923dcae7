// The passwords seen most often in public breach corpora (RockYou and later leaks, as collected in lists such as
// SecLists' "10-million-password-list-top-1000"), lower case. Attackers try these first, so nobody may choose one.
// Written out from those well-known lists rather than fetched, so the worker bundle needs no file or network access.
// Entries shorter than PASSWORD_MIN are kept: they cost nothing and keep the list recognisable against its sources.

const LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 pussy superman 1qaz2wsx
7777777 fuckyou 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer
harley batman andrew tigger sunshine iloveyou fuckme 2000 charlie robert thomas hockey ranger daniel starwars klaster
112233 george asshole computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass fuck
maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley 6969 nicole chelsea biteme matthew
access yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin heather secret fucker
merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet
scooter orange 11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy
maverick phoenix camaro sexy peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph
mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway
marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money
cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 fuckoff brandon yamaha chester
mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please brandy chicago
badboy iwantu slayer rangers charles angel flower bigdaddy rabbit wizard bigdick jasper enter rachel chris steven
winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper james
232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 sexsex golden blowme bigtits 8675309
panther lauren angela bitch spanky thx1138 angels madison winston shannon mike toyota blowjob jordan23 canada sophie
apples dick tiger razz 123abc pokemon qazxsw 55555 qwaszx muffin johnson murphy cooper jonathan liverpoo david
danielle 159357 jackie 1990 123456a 789456 turtle horny abcd1234 scorpion qazwsxedc 101010 butter carlos password1
dennis slipknot qwerty123 booger asdf 1991 black startrek 12341234 cameron newyork rainbow nathan john 1992 rocket
viking redskins butthead asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme qwertyui victor florida
dolphin pookie captain tucker blue liverpool theman bandit dolphins maddog packers jaguar lovers nicholas united
tiffany maxwell zzzzzz nirvana jeremy suckit stupid porn monica elephant giants jackass hotdog rosebud success
debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3 123456q albert metallic lucky azerty 7777 shithead alex
bond007 alexis 1111111 samson 5150 willie scorpio bonnie gators benjamin voodoo driver dexter 2112 jason calvin
freddy 212121 creative 12345a sydney rush2112 1989 asdfghjk red123 bubba 4815162342 passw0rd trouble gunner happy
fucking gordon legend jessie stella qwert eminem arthur apple nissan bullshit bear america 1qazxsw2 nothing parker
4444 rebecca qweqwe garfield 01012011 beavis 69696969 jack asdasd december 2222 102030 252525 11223344 magic apollo
skippy 315475 girls kitten golf copper braves shelby godzilla beaver fred tomcat august buddy airborne 1993 1988
lifehack qqqqqq brooklyn animal platinum phantom online xavier darkness blink182 power fish green 789456123 voyager
police travis 12qwaszx heaven snowball lover abcdef 00000 pakistan 007007 walter playboy blazer cricket sniper
hooters donkey willow loveme saturn therock redwings bigboy pumpkin trinity williams tits nintendo digital destiny
topgun runner marvin guinness chance bubbles testing fire november minecraft asdf1234 lasvegas sergey broncos
cartman private celtic birdie little cassie babygirl donald beatles 1313 dickhead family 12121212 school louise
gabriel eclipse fluffy 147258369 lol123 explorer beer nelson flyers spencer scott lovely gibson doggie cherry andrey
snickers buffalo pantera metallica member carter qwertyu peter alexande steve bronco paradise goober 5555 samuel
montana mexico dreams michigan cock carolina yankee friends magnum surfer poohbear pirate fuckyou2 beautiful
vfhbyf 1987 hunting rocky 1986 fuckit ashley1 fucked abcdefg jeff barcelona freeman 1985 cheyenne 1984 fender1
bulldogs 1qazxsw monkey1 sunshine1 7654321 chocolate love123 success1 dragon1 princess1 iloveu blonde jupiter
stealth qwerty1 1q2w3e wolf diamonds jordan1 mustang1 hello1 1234561 jesus hello123 passion amateur toyota1 sexy1
qwerty12 abc1234 superman1 michael1 12345q blaster sabrina 123qwe123 zaq12wsx hotmail stars ministry oakland
mobile moscow gfhjkm123 fyfcnfcbz heather1 valentin cheese1 wolverin badger ferrari1 hunter1 nicole1 austin1
dallas1 killer1 soccer1 hockey1 batman1 football1 baseball1 letmein1 iloveyou1 iloveyou2 welcome1 welcome123
password123 password12 password2 password3 passwd admin admin123 administrator root toor changeme default guest
login qwerty1234 qwertyuiop1 1qaz2wsx3edc zaq1zaq1 zaq1xsw2 !qaz2wsx 1qaz!qaz qweasdzxc qweasd 123qweasd qwe123
asd123 zxc123 qazwsx123 1q2w3e4r5t6y q1w2e3r4t5y6 aa123456 aa12345678 abc12345 abcd123 abc123456 a123456 a12345678
123456789a 1234567a 12345678a q123456 qwe123456 123456abc 1234abcd 11112222 123654789 147258 147852369 159951
1357924680 258456 741852963 963852741 987456321 0987654321 1122334455 123123a 123456m 5201314 520520 woaini
woaini1314 iloveyou! iloveyou123 ilovegod ilovejesus godisgood jesus1 jesuschrist blessed blessing faith
christ angel1 angels1 babygirl1 baby123 babyboy sweety sweetie sweetheart honey honey1 lovelove loveyou
lovelife mylove forever1 princesa tequiero teamo mariposa estrella carolina1 bonita chiquita hermosa corazon
amigos gabriela alejandro fernando roberto eduardo ricardo javier antonio manuel francisco miguel rafael
mariana daniela andrea1 valentina isabella sofia camila fernanda paola carlos1 juan pedro luis jose maria
rockyou lovely1 butterfly tweety elizabeth charlie1 jessica1 ashley123 michelle1 jennifer1 nicole123 daniel1
anthony1 joshua1 matthew1 andrew1 robert1 justin1 thomas1 william1 james1 chris1 brandon1 jordan123 tigger1
pokemon1 spongebob spongebob1 patrick1 naruto sasuke kakashi itachi goku vegeta dragonball pikachu sakura
hellokitty kitty kitty1 kittycat pussycat puppy puppies doggy shadow1 buster1 bailey1 max123 maximus
sammy sam123 charlie2 bella molly lucky1 princess2 coolcat cutie cutiepie sunflower flowers rose tulip
daisy lily orchid jasmine1 jessie1 angelina angelica jennifer2 samantha1 amanda1 melissa1 heather2 megan
brittany courtney whitney chelsea1 lauren1 rachel1 sarah emily emma olivia hannah1 abigail madison1 taylor1
alyssa kayla ashley2 victoria1 natalie stephanie jasmine2 alexandra alexander alexis1 christian christopher
nicholas1 jonathan1 benjamin1 samuel1 zachary tyler ryan kevin brian jason1 eric jeremy1 adam aaron jacob
ethan logan noah liam mason lucas henry oscar jake joe tommy timothy richard1 charles1 edward1 george1 frank
harrypotter hermione starwars1 skywalker darthvader batman123 superman123 spiderman ironman avengers marvel
wolverine deadpool joker zelda mario nintendo1 playstation xbox360 halo warcraft minecraft1 pokemon123 runescape
computer1 internet1 windows linux ubuntu apple123 macintosh iphone android samsung1 google facebook myspace
youtube twitter instagram yahoo hotmail1 gmail letmein123 secret1 secret123 mypassword mypass password!
p@ssword p@ssw0rd pa55word pa55w0rd passw0rd1 password01 password1234 pass123 pass1234 passpass pass1 test123
test1234 testtest test1 tester demo user user123 username guest123 temp temp123 temporary nopassword
nothing1 whatever1 unknown anonymous hidden private1 security qwertyqwerty asdfasdf1 zxcvzxcv 1qazxsw23edc
qwertzuiop asdfgh1 asdfghjkl1 zxcvbnm1 zxcvbnm123 qwertyui1 mnbvcxz poiuytrewq lkjhgfdsa abcdefgh abcdefg1
abcdef1 abc abcabc aaa111 a1b2c3 a1b2c3d4 1a2b3c4d 1a2b3c qwerasdf qwerasdfzxcv q2w3e4r5 1234asdf asdf123
12345qwert 12345qwerty qwert12345 trustme trustno1! letmeinnow openup opensesame sesame access14 access1 enter1
welcome2 welcome01 hello12 hello1234 helloworld hiya howdy goodbye goodluck goodtime goodday fuckyou1
fuckyou123 fuckoff1 fuckthis fuckme1 shit shit123 bitch1 bitches asshole1 dickhead1 cocksucker motherfucker
bastard sucker suckme sexy123 sexygirl sexyboy sexylady hottie hottie1 hotstuff hotgirl lover1 lovers1 kisses
kissme monkey123 dragon123 tiger123 football2 basketball hockey12 soccer12
superstar rockstar popcorn cupcake chocolate123 iloveyou12 pussy123 michael123 jessica123 qwerty12345
`;

/** Lower-case common passwords; compare with `COMMON_PASSWORDS.has(password.toLowerCase())`. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.trim().split(/\s+/));
