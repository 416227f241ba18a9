var a=function(e){return{password:'),d?_.a.createElement(',secret:'),w?S.a.createElement('}}
