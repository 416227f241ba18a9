export function a(){return{password:'),d?_.a.createElement(',secret:'),w?S.a.createElement('}}
